"""Error classes a hand audit of real news found, each stated as a sentence of our own
with new names and run through the real model (the rule tests on hand-built Docs are in
tests/test_rules_relations.py and tests/test_rules_quotes.py)."""

from __future__ import annotations

import pytest
from handmade import quotes, statements

from kg.extract import extract
from kg.model import Document


@pytest.fixture(scope="module")
def read(nlp):
    def run(text: str):
        return extract(nlp(text), Document(id="e2e", text=text))

    return run


def _asserted(extraction, prop: str) -> set[tuple[str, str]]:
    return {(s, o) for (s, p, o), (neg, hyp) in statements(extraction).items() if p == prop and not neg and not hyp}


def test_a_visit_to_a_country_is_no_meeting_with_it(read):
    found = read("Ostland President Velmar Korsk visited Portugal in May and told Portuguese Prime Minister "
                 "Anna Brell that the border must stay open.")
    assert not _asserted(found, "meets")


def test_an_interview_label_is_no_party(read):
    found = read("KTV: Ostland's President Velmar Korsk recently met Anna Brell after he won a second term.")
    assert not any("KTV" in pair for pair in _asserted(found, "meets"))


def test_an_outlet_told_is_never_a_meeting_party(read):
    found = read("Velmar Ostrovic told KTV that the talks had failed. On Monday, Velmar Ostrovic talked with KTV. "
                 "On Tuesday, Velmar Ostrovic talked with the Orlan Group.")
    assert _asserted(found, "meets") == {("Velmar Ostrovic", "Orlan Group")}


def test_a_restricted_object_keeps_its_clause_or_stays_a_statement(read):
    found = read("Senator Daniel Hughes urged the governor to avoid decisions that threaten the region's water supply.")
    assert _asserted(found, "callsFor") == {("Daniel Hughes", "avoid decisions that threaten the region's water supply")}
    found = read("Daniel Hughes was advocating for a plan that would require every school in the province to "
                 "close its gates for one full day every term and plant trees.")
    assert not _asserted(found, "callsFor")


def test_a_bargain_sought_is_no_call_and_a_release_keeps_its_noun(read):
    found = read("In return for the grain, Ostland is seeking fuel and spare parts from Norvia.")
    assert not _asserted(found, "callsFor")
    found = read("Threatening to burn the depot, the Red Lynx Front demanded the release of jailed farmers.")
    assert _asserted(found, "demands") == {("Red Lynx Front", "release of jailed farmers")}


def test_terms_and_labels_in_quotation_marks_are_no_ones_speech(read):
    found = read('"Boro-boro" is how Ostlanders describe the call of an owl, heard elsewhere as "hoo-hoo". '
                 'Many analysts refer to these four states as the "Ring of Rust," describing their growing ties.')
    assert quotes(found) == []


def test_a_named_person_speaks_for_their_university_and_a_joint_letter_for_no_one(read):
    found = read('"We will rebuild the port within a year," said economics lecturer Daniel Hughes of Brindle University.')
    assert quotes(found) == [(("Daniel Hughes",), "We will rebuild the port within a year")]
    found = read('Daniel Hughes, Laura Pike and Tom Reed led a group of ten lawmakers in calling on the minister '
                 'to act. "We are alarmed by the new law and its effects on farmers," they wrote in a letter.')
    assert quotes(found) == []


def test_a_title_is_not_run_into_the_quote(read):
    found = read('Laura Pike said she could not see why the book, "Stone Songs" or "Songs of Stone," was banned, '
                 'saying "it did not touch on any politics at all."')
    assert quotes(found) == [(("Laura Pike",), "it did not touch on any politics at all.")]


def test_a_party_named_inside_the_quote_never_speaks_it(read):
    found = read('Economist Daniel Hughes spoke in Brindle. Hughes added that "the Portuguese leadership has many '
                 'reasons to want a deal with its neighbours," suggesting that Portugal is keen on trade.')
    # The speaker is Hughes (the surname resolves to Daniel Hughes later), never Portugal.
    assert [tuple(s.split()[-1] for s in speakers) for speakers, _ in quotes(found)] == [("Hughes",)]


def _said(graph) -> set[tuple[str, str]]:
    rows = graph.query("""PREFIX kgo: <https://w3id.org/newskg/ontology#>
        SELECT ?name ?text WHERE { ?s kgo:says ?q . ?s rdfs:label ?name . ?q kgo:text ?text }""")
    return {(str(name), str(text)) for name, text in rows}


def test_a_surname_the_tagger_missed_still_speaks_for_the_one_person_of_that_name(build_texts):
    g = build_texts('Joost Dekkers, assistant professor at Delft University, told VOA that Ostland had a strategy. '
                    '"But you can do a lot with software,” Dekkers said. "The models may be hindered by '
                    'censorship, because they will have less data to work with," said Dekkers.')
    assert {name for name, _ in _said(g)} == {"Joost Dekkers"}
    assert len(_said(g)) == 2


def test_a_quoted_phrase_inside_narration_is_not_the_next_speakers(build_texts):
    g = build_texts('Pieter Vos, assistant professor at Leiden University, told VOA. President Aldo Brenn convened '
                    'a meeting with heads of private companies, calling on them to "show your talent" in overcoming '
                    'challenges. "The models may be hindered by censorship," said Vos.')
    assert not [text for name, text in _said(g) if name == "Pieter Vos" and "talent" in text]
    assert ("Pieter Vos", "The models may be hindered by censorship") in _said(g)


def test_a_phrase_quoted_in_a_sentence_about_someone_else_does_not_continue_the_last_quote(build_texts):
    g = build_texts('"Robots are where Ostland will lead," Carl Brandt said. Ostland President Aldo Brenn recently '
                    'met company heads, calling on them to "show your talent" in the year ahead.')
    assert not [text for name, text in _said(g) if "talent" in text and name == "Carl Brandt"]
    g = build_texts('The Velmar Council statement said it was "concerned with the build-up." They called on '
                    'Ostland "to engage in talks and promote stability."')
    assert {name for name, text in _said(g) if "engage in talks" in text} == {"Velmar Council"}


def test_a_quote_reopened_without_closing_is_the_same_speakers_first_paragraph(build_texts):
    g = build_texts('Analysts weighed the port deal on Monday. “Given the risks there, a deal that keeps the port '
                    'open is good. Ostland owes Norvia a lot. “That harbour matters to us because it lets us '
                    'trade,” Mira Halden told VOA.')
    assert {name for name, text in _said(g) if text.startswith("Given the risks")} == {"Mira Halden"}


@pytest.mark.parametrize(("text", "expected"), [
    ("Press secretary Mara Velt said the tariffs stay. Velt called Jon Brenn’s comments “egregious and insulting.”",
     {("Velt", "Jon Brenn")}),
    ("Mara Velt called Ostland a threat to peace.", {("Mara Velt", "Ostland")}),
    ("Mara Velt called Jon Brenn a friend.", set()),
    ("Mara Velt called Jon Brenn on Monday.", set()),
])
def test_calling_a_party_or_its_words_something_damning_is_criticism(read, text, expected):
    assert _asserted(read(text), "criticizes") == expected
