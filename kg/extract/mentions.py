"""Named-entity mentions from the model's NER, cleaned and typed into the ontology."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..model import Document, Mention
from ..resources import KnownEntities, given_names, is_subdivision, names, yields_to_person
from .aliases import also_known_as, firm_short_names, name_for, place_pair, slash_pair
from .joins import (
    across_bracket,
    ampersand,
    bracket_label,
    known_places,
    place_before_person,
    relabel,
    untagged_name_word,
)
from .spans import (
    editorial_bracket,
    in_title,
    is_junk,
    pieces,
    strip_honorifics,
    surface,
    type_by_context,
    type_by_form,
    unit_owner,
    vessel,
)
from .things import drop_things, echo_names, is_thing
from .titles import exact_title, title_of
from .tokens import text_of, tokens_of

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = ["MentionIndex", "find_mentions"]

NER_TYPES = {"PERSON": "Person", "ORG": "Organization", "GPE": "Place", "LOC": "Place", "FAC": "Place"}


@dataclass
class MentionIndex:
    """The mentions of one Doc, with a token -> mention lookup."""

    mentions: list[Mention] = field(default_factory=list)
    by_token: dict[int, int] = field(default_factory=dict)  # token index -> mention id
    head_token: dict[int, int] = field(default_factory=dict)  # mention id -> head token index

    def add(self, mention: Mention, tokens: range | None) -> None:
        self.mentions.append(mention)
        if tokens is not None:
            for i in tokens:
                self.by_token.setdefault(i, mention.id)

    def at(self, token: Token) -> Mention | None:
        found = self.by_token.get(token.i)
        return self.mentions[found] if found is not None else None

    def get(self, mention_id: int) -> Mention:
        return self.mentions[mention_id]


def _clean_span(span: Span) -> Span | None:
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].lower_ in {"the", "a", "an"} or doc[start].is_punct
                           or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].lower_ in {"'s", "’s", "'"} or doc[end - 1].is_punct
                           or doc[end - 1].is_space):
        end -= 1
    if start >= end:
        return None
    return doc[start:end]


def _merge_split_names(ents: list[Span], known: KnownEntities) -> list[tuple[Span, str]]:
    """Rejoin names the tagger split after a particle ("Ursula von der" / "Leyen") or a
    connector ("Court of Bosnia and" / "Herzegovina"); a known name of several words wins
    over the tagger's pieces of it ("Borders" of "Reporters Without Borders") and over
    adjectives glued to it ("Islamist Hayat Tahrir al-Sham")."""
    merged: list[tuple[Span, str]] = []
    spans = _known_spans(ents[0].doc, known) if ents else []
    for ent in ents:
        if merged:
            previous, label = merged[-1]
            if _one_name_with_and(previous, ent, known):
                merged[-1] = (previous.doc[previous.start:ent.end], label)
                continue
            gap = previous.doc[previous.end:ent.start]
            if len(gap) == 1 and (editorial_bracket(gap[0]) or (gap[0].text == "&" and ent[0].text[:1].isupper()
                                                                 and not known_places(known, previous, ent))):
                # "[his predecessor Hiroshi] Morikawa"; "Harlan Voss" + "&" + "Partners"
                joined = "ORG" if gap[0].text == "&" else bracket_label(previous, ent)
                merged[-1] = (previous.doc[previous.start:ent.end], joined)
                continue
            if _split_by_particles(previous, gap, ent):
                # "Ursula Von" + "der" + "Leyen": particles in capitals are particles too
                merged[-1] = (previous.doc[previous.start:ent.end], "PERSON")
                continue
            if label == "ORG" and _body_of(previous, gap, ent):
                # "U.N. Office" + "for the" + "Coordination of Humanitarian Affairs"
                merged[-1] = (previous.doc[previous.start:ent.end], label)
                continue
            if previous.end == ent.start and ent[0].text[:1].isupper():
                if previous[-1].lower_ in names()["name_particles"]:
                    merged[-1] = (previous.doc[previous.start:ent.end], "PERSON")
                    continue
                if previous[-1].lower_ in _CONNECTORS or (
                        ent.label_ == label and previous[-1].pos_ == ent[0].pos_ == "PROPN"
                        and label in {"GPE", "LOC", "ORG", "PERSON"} and not ent[0].is_sent_start
                        and previous[-1].whitespace_ == " "
                        and known.lookup(previous.text) is None and known.lookup(ent.text) is None):
                    # "Court of Bosnia and" + "Herzegovina"; "Republika" + "Srpska"
                    merged[-1] = (previous.doc[previous.start:ent.end], label)
                    continue
        ent = _to_known(_and_parts(ampersand(across_bracket(_through_connector(ent)))), spans, known)
        if merged and merged[-1][0].start <= ent.start < merged[-1][0].end:
            continue  # a second piece of the same known name
        merged.append((ent, ent.label_))
    return merged


_CONNECTORS = {"and", "of", "for", "&"}


def _split_by_particles(previous: Span, gap: Span, ent: Span) -> bool:
    """A person's name the tagger split around its particles ("Ursula Von" + "der" + "Leyen")."""
    return (0 < len(gap) <= 2 and all(t.lower_ in names()["name_particles"] for t in gap)
            and "PERSON" in {previous.label_, ent.label_} and ent[0].text[:1].isupper())


def _body_of(previous: Span, gap: Span, ent: Span) -> bool:
    """ "Office" + "for the" + a capitalised name: one body ("Commission on the Limits of ...")."""
    words = [t.lower_ for t in gap]
    name = ent[1:] if ent[0].lower_ == "the" else ent  # the tagger's span may hold the "the"
    if name is not ent:
        words.append("the")
    return (previous[-1].lower_ in names()["organization_heads"] and previous[-1].text[:1].isupper()
            and words in (["for"], ["of"], ["on"], ["for", "the"], ["of", "the"], ["on", "the"])
            and len(name) > 1 and name[0].text[:1].isupper() and ent.label_ in {"ORG", "LOC", "GPE"})
# Words glued in front of a known name that describe it: "Islamist", "Kurdish-led", "Syrian".
_ADJECTIVE_ENDINGS = ("ist", "ian", "ic", "ish", "ese", "-led", "-backed", "-based")


def _through_connector(ent: Span) -> Span:
    """A span the tagger ended on "and"/"of" runs on through the capitalised words after it."""
    if ent[-1].lower_ not in _CONNECTORS:
        return ent
    doc, end = ent.doc, ent.end
    while end < len(doc) and end < ent.end + 4 and doc[end].pos_ == "PROPN" and doc[end].text[:1].isupper():
        end += 1
    return relabel(doc, ent.start, end if end > ent.end else ent.end - 1, ent.label_)


def _one_name_with_and(first: Span, second: Span, known: KnownEntities) -> bool:
    """ "Centre for Water Studies" and "Rural Development" tagged apart around "and": one
    organization when the first has a preposition in it, the second no head noun of its
    own, and neither is known ("the Ministry of Defence and NATO" stays two)."""
    doc = first.doc
    if not (first.label_ == second.label_ == "ORG" and first.end + 1 == second.start
            and doc[first.end].lower_ in {"and", "&"}):
        return False
    heads = names()["organization_heads"]
    return (any(t.lower_ in {"for", "of"} for t in first[1:]) and not any(t.lower_ in heads for t in second)
            and known.lookup(first.text) is None and known.lookup(second.text) is None)


def _and_parts(ent: Span) -> Span:
    """An organization's name with "and" in it that the tagger cut at the "and":
    "Centre for Studies" + "and Legal Aid"; "Heart and" + "Soul Television"."""
    if ent.label_ != "ORG":
        return ent
    doc, start, end = ent.doc, ent.start, ent.end
    inner_preposition = any(t.lower_ in {"for", "of"} for t in ent[1:])
    if inner_preposition and end + 1 < len(doc) and doc[end].lower_ in {"and", "&"}:
        stop = end + 1
        while stop < len(doc) and stop < end + 4 and untagged_name_word(doc[stop]):
            stop += 1
        if stop > end + 1 and (stop == len(doc) or not doc[stop].text[:1].isupper()):
            end = stop
    if (start >= 2 and doc[start - 1].lower_ in {"and", "&"} and untagged_name_word(doc[start - 2])
            and ent[-1].lower_ in names()["organization_heads"] and (
            start < 3 or not doc[start - 3].text[:1].isupper())):
        start -= 2
    return ent if (start, end) == (ent.start, ent.end) else relabel(doc, start, end, ent.label_)


def _known_spans(doc: Doc, known: KnownEntities) -> list[tuple[int, int]]:
    """Token ranges of known names of two or more words, longest first at each start."""
    spellings = known.spellings()
    found = []
    i = 0
    while i < len(doc):
        if doc[i].text[:1].isupper():
            for end in range(min(i + 8, len(doc)), i + 1, -1):
                if doc[i:end].text in spellings:
                    found.append((i, end))
                    i = end - 1
                    break
        i += 1
    return found


_LABEL_OF_TYPE = {"Country": "GPE", "City": "GPE", "Place": "LOC", "Organization": "ORG", "Person": "PERSON"}


def _to_known(ent: Span, spans: list[tuple[int, int]], known: KnownEntities) -> Span:
    doc = ent.doc
    for start, end in spans:
        inside = start <= ent.start and ent.end <= end and (start, end) != (ent.start, ent.end)
        if inside or (ent.start < start and end == ent.end and all(
                t.pos_ in {"ADJ", "DET"} or t.lower_.endswith(_ADJECTIVE_ENDINGS) for t in doc[ent.start:start])):
            entry = known.lookup(doc[start:end].text)
            label = _LABEL_OF_TYPE.get(entry.type, ent.label_) if entry is not None else ent.label_
            return relabel(doc, start, end, label)
    return ent


def _person_name_words(doc: Doc) -> set[str]:
    """Words of the article's full person names: "Florence" of "Florence Parly" is her, not the city."""
    words: set[str] = set()
    for ent in doc.ents:
        if ent.label_ == "PERSON" and len(ent) > 1:
            words.update(t.text for t in ent if t.text[:1].isupper())
    return words


def _add_entity(span: Span, label: str, known: KnownEntities, person_words: set[str],
                sentence_of: dict[int, int], add: Any, taken: set[int], things: set[str]) -> None:
    """One clean piece of a tagged name, typed by the known tables, its form and the tagger;
    the name of a product, vehicle, work or event goes to ``things`` instead (things.py)."""
    honorific = span[0].text.rstrip(".")
    span, titled = strip_honorifics(span)
    before = span.doc[span.start - 1] if span.start > 0 else None
    if not titled and before is not None and before.text[:1].isupper() and before.lower_.rstrip(".") in names()[
            "honorifics"] and before.lower_.rstrip(".") in names()["female_honorifics"] | names()["male_honorifics"]:
        honorific, titled = before.text.rstrip("."), True  # "Mr" left out of the tagger's span
    cleaned = _clean_span(span)
    if cleaned is None or _in_hyphenated_name(cleaned, known):
        return
    span = cleaned
    text = surface(span)
    if not text:
        return
    tokens = range(span.start, span.end)
    if label in {"NORP", "GPE", "PERSON", "LOC", "ORG"}:  # "the North Koreans" tagged LOC
        country = known.demonym(text)
        if country is not None and known.lookup(text) is None and not _shares_a_place_head(span[-1], known):
            add(country.name, "Country", "DEMONYM", span.start_char, span.end_char, tokens,
                sentence_of[span.start], (f"demonym:{span.text}",))
            taken.update(tokens)
            return
    if label == "NORP":
        return
    words = text.split()
    if len(words) == 2 and words[1].lower() in names()["state_organs"] and known.lookup(text) is None:
        country = known.demonym(words[0])
        if country is not None:  # "Iraqi Government" acts for Iraq (GUIDELINES)
            add(country.name, "Country", "DEMONYM", span.start_char, span.end_char, tokens,
                sentence_of[span.start], (f"demonym:{words[0]}",))
            taken.update(tokens)
            return
    kind = NER_TYPES.get(label)
    if kind is None or is_junk(span, text, known, label):
        return
    owner = unit_owner(span, known)
    if owner is not None:  # "VOA's Tamil Service" is the unit "VOA Tamil Service"
        add(f"{owner} {text}", "Organization", label, span.start_char, span.end_char, tokens,
            sentence_of[span.start], ("unit",))
        taken.update(tokens)
        return
    evidence: tuple[str, ...] = ("honorific", f"honorific:{honorific}") if titled else ()
    if " & " in text and known.lookup(text) is None and known.lookup(text.replace(" & ", " and ")) is not None:
        text = text.replace(" & ", " and ")  # "Trinidad & Tobago"
    entry = known.lookup(text)
    if entry is None and len(words) > 1 and words[0].lower() in names()["direction_words"]:
        # "the Western Indian Ocean", "Northern Syria": a part of a known place is that place.
        part_of = known.lookup(" ".join(words[1:]))
        if part_of is not None and part_of.type in {"Place", "City", "Country"}:
            entry, text = part_of, part_of.name
    feature = _base_feature(words) if entry is None else words
    if entry is None and len(feature) > 1 and feature[-1].lower() in names()["place_heads"] - {"city", "state"}:
        # "the Indo-Pacific region" is the Indo-Pacific; "Guantanamo Bay" (and "Naval Station
        # Guantanamo Bay") the Guantanamo of the tables; "Panama Canal" is not Panama: a
        # capitalised head joins only a town or region.
        entry = known.lookup(" ".join(feature[:-1]))
        kinds = {"City", "Place"} | ({"Country"} if feature[-1].islower() else set())
        if entry is not None and entry.type in kinds:
            text = entry.name
        else:
            entry = None
    if entry is None and len(words) > 1 and words[-1].lower() == "state":
        entry = known.lookup(" ".join(words[:-1]))  # "Borno State" is the state of Borno
        if entry is not None and is_subdivision(entry):
            text = entry.name
        else:
            entry = None
    if entry is not None:
        if entry.type == "Concept":
            return  # a named event or policy ("Brexit"), not an agent
        place_word_of_person = yields_to_person(entry) and (
            titled or (text in person_words and not _in_place_context(span[-1])))
        if place_word_of_person:
            kind, evidence = "Person", evidence + ("name-part",)
        else:
            kind = entry.type
    elif titled:
        kind = "Person"
    else:
        kind = type_by_form(text, kind)
        if label == "ORG" and words[-1].lower() in names()["unit_heads"]:
            pass  # "the Tamil Service, a reporter's employer": a unit, whatever the words around it
        elif kind == NER_TYPES.get(label) and is_thing(span, words, kind):
            things.update(echo_names(text))  # "the chatbot X", "Cyclone X": not an agent
            taken.update(tokens)  # nor is "Chinese" in "Modern Chinese Studies" a demonym
            return
        elif kind == NER_TYPES.get(label):  # the form said nothing: the context may
            context = type_by_context(span, kind)
            if context is not None and context != kind:
                kind, evidence = context, ("context",)
            elif kind == "Place" and _given_name_and_surname(words, known):
                kind, evidence = "Person", ("given-name",)
            elif kind == "Organization" and _given_name_and_surname(words, known) and _listed_with_a_person(span):
                # "Frankie Bontemps and Maxwell Evenor are …": a firm's name would not stand there.
                kind, evidence = "Person", ("given-name",)
    add(text, kind, label, span.start_char, span.end_char, tokens, sentence_of[span.start], evidence)
    taken.update(tokens)


def _base_feature(words: list[str]) -> list[str]:
    """The geographic feature a military base is named after: "Naval Station Guantanamo Bay"
    gives "Guantanamo Bay". A base named after a town ("Naval Base San Diego") stays itself."""
    folded = [w.lower() for w in words]
    for designator in names()["base_designators"]:
        size = len(designator.split())
        if len(words) > size + 1 and " ".join(folded[:size]) == designator:
            rest = words[size:]
        elif len(words) > size + 1 and " ".join(folded[-size:]) == designator:
            rest = words[:-size]
        else:
            continue
        return rest if rest[-1].lower() in names()["place_heads"] else words
    return words


def _given_name_and_surname(words: list[str], known: KnownEntities) -> bool:
    """A place the tagger saw in "Morgan Kehr": a known given name and one or two capitalised
    words, none a head noun, a known place or a particle-free capital run ("Asia Pacific")."""
    if not 2 <= len(words) <= 3 or words[0].casefold() not in given_names():
        return False
    heads = names()["place_heads"] | names()["organization_heads"]
    return all(w[:1].isupper() and w[1:].islower() and w.replace("-", "").isalpha() and w.lower() not in heads
               and known.lookup(w) is None for w in words)


def _in_hyphenated_name(span: Span, known: KnownEntities) -> bool:
    """A place the tagger found inside a hyphenated name ("Guinea" of the NGO "Guinea-Lanta"):
    no mention of its own. "Russia-Ukraine" (two places) and "Kenya-based" stay."""
    doc, end = span.doc, span.end
    if end + 1 >= len(doc) or doc[end].text != "-" or span[-1].whitespace_ or doc[end].whitespace_:
        return False
    after = doc[end + 1]
    return (after.text[:1].isupper() and known.lookup(after.text) is None
            and known.lookup(f"{span.text}-{after.text}") is None and known.lookup(span.text) is not None)


def _shares_a_place_head(token: Token, known: KnownEntities) -> bool:
    """ "the Indian and Pacific Ocean regions": the adjective is the first half of a place
    name ("Indian Ocean") whose head its conjunct carries, not a country's demonym."""
    heads = names()["place_heads"]
    return any(c.lower_ in heads and (entry := known.lookup(f"{token.text} {c.text}")) is not None
               and entry.type in {"Place", "City"} for c in token.conjuncts)


def _listed_with_a_person(span: Span) -> bool:
    """The name is coordinated with a person's name the tagger saw ("A and B", "A, B and C")."""
    root = span.root
    return any(t.ent_type_ == "PERSON" and not span.start <= t.i < span.end for t in root.conjuncts)


def _in_place_context(token: Token) -> bool:
    """A lone name after a locative preposition: "in Beledweyne", "near Sibi"."""
    # "at" is left out here: "at Florence's side" keeps a person's name a person's.
    return token.dep_ == "pobj" and token.head.lower_ in names()["locative_prepositions"] - {"at"}


def find_mentions(doc: Doc, document: Document, known: KnownEntities) -> MentionIndex:
    """Every entity mention in ``doc``: NER spans, demonyms, the dateline and the byline."""
    index = MentionIndex()
    sentence_of = {}
    for number, sent in enumerate(doc.sents):
        for i in range(sent.start, sent.end):
            sentence_of[i] = number

    def add(text: str, label: str, ner: str, start: int, end: int, tokens: range | None,
            sentence: int, evidence: tuple[str, ...] = ()) -> None:
        mention = Mention(id=len(index.mentions), text=text, label=label, ner_label=ner,
                          start=start, end=end, sentence=sentence, evidence=evidence)
        index.add(mention, tokens)
        if tokens is not None:
            index.head_token[mention.id] = tokens[-1]

    taken: set[int] = set()
    things: set[str] = set()
    person_words = _person_name_words(doc)
    for ent, label in _merge_split_names(list(doc.ents), known):
        whole = _clean_span(strip_honorifics(ent)[0])
        # A known name is never cut at its "'s" ("Democratic People's Republic of Korea").
        known_whole = whole is not None and len(whole) > 2 and known.lookup(surface(whole)) is not None
        pair = slash_pair(ent)  # "the Senkaku/Diaoyu islands": one place, two names
        first = len(index.mentions)
        for piece in [ent] if known_whole else pieces(ent, known):
            for part, part_label in place_before_person(piece, "LOC" if pair else label, known):
                _add_entity(part, part_label, known, person_words, sentence_of, add, taken, things)
        if pair:
            place_pair(index.mentions, first)

    # Demonyms the tagger missed ("Cypriot President ...").
    for token in tokens_of(doc):
        if token.i in taken or not token.text[:1].isupper() or token.pos_ not in {"ADJ", "PROPN"}:
            continue
        country = known.demonym(token.text)
        if country is not None and token.dep_ in {"amod", "compound", "nmod", "conj"} and not _shares_a_place_head(
                token, known):
            add(country.name, "Country", "DEMONYM", token.idx, token.idx + len(token.text),
                range(token.i, token.i + 1), sentence_of[token.i], (f"demonym:{token.text}",))

    _titled_names(doc, index, sentence_of, add)
    _gazetteer_names(doc, index, known, sentence_of, add)
    _surname_echoes(doc, index, known, sentence_of, add)

    if document.dateline is not None:
        place, start, end = document.dateline
        entry = known.lookup(place)
        name = entry.name if entry else place.title()
        kind = entry.type if entry is not None and entry.type != "Concept" else "Place"
        # Blanked for the model (see clean.py): a mention outside any sentence.
        add(name, kind, "DATELINE", start, end, None, -1, ("dateline",))
    if document.author:
        start = document.text.find(document.author)
        add(document.author, "Person", "BYLINE", max(start, 0), max(start, 0) + len(document.author),
            None, -1, ("byline",))
    _retype_short_names(index, known)
    firm_short_names(index.mentions)
    also_known_as(doc, index.mentions)
    name_for(doc, index.mentions)
    drop_things(index, things, set(NER_TYPES))
    index.mentions.sort(key=lambda m: (m.start, m.id))
    # Ids stay the list positions after sorting.
    remap = {m.id: new for new, m in enumerate(index.mentions)}
    index.mentions = [Mention(**{**m.__dict__, "id": remap[m.id]}) for m in index.mentions]
    index.by_token = {i: remap[mid] for i, mid in index.by_token.items()}
    index.head_token = {remap[mid]: tok for mid, tok in index.head_token.items()}
    return index



def _titled_names(doc: Doc, index: MentionIndex, sentence_of: dict[int, int], add: Any) -> None:
    """Names after a title that the tagger missed: "Moroccan King Mohammed VI"."""
    for token in tokens_of(doc):
        if token.pos_ != "PROPN" or token.i in index.by_token or token.dep_ == "compound":
            continue
        chain = [t for t in token.lefts if t.dep_ == "compound"] + [token]
        chain = [t for t in chain if t.i >= chain[0].i]
        if any((found := index.at(t)) is not None and found.ner_label != "DEMONYM" for t in chain):
            continue
        title_end = None
        for position, word in enumerate(chain[:-1]):
            if title_of([word.lemma_.lower()]) is not None:
                title_end = position
        if title_end is None:
            continue
        name = chain[title_end + 1:]
        if not 1 <= len(name) <= 4 or not all(t.pos_ == "PROPN" and t.text[:1].isupper() for t in name):
            continue
        if any(t.i in index.by_token for t in name) or all(title_of([t.lower_]) for t in name):
            continue  # "Deputy Secretary": a title, no name after it
        start, end = name[0].idx, name[-1].idx + len(name[-1].text)
        add(text_of(doc)[start:end], "Person", "TITLED", start, end, range(name[0].i, name[-1].i + 1),
            sentence_of[name[0].i], ("title",))


def _surname_echoes(doc: Doc, index: MentionIndex, known: KnownEntities,
                    sentence_of: dict[int, int], add: Any) -> None:
    """The surname of the article's one person of that name, where the tagger saw no name
    ("“…,” Creemers said." after "Rogier Creemers, assistant professor, …")."""
    owners: dict[str, set[str]] = {}
    for mention in index.mentions:
        words = mention.text.split()
        if mention.label == "Person" and len(words) > 1:
            owners.setdefault(words[-1], set()).add(mention.text)
    surnames = {word for word, full in owners.items()
                if len(full) == 1 and len(word) > 2 and word[:1].isupper() and word[1:].islower()
                and known.lookup(word) is None and word.casefold() not in names()["never"]}
    if not surnames:
        return
    tokens = tokens_of(doc)
    for token in tokens:
        if token.text not in surnames or token.i in index.by_token or token.pos_ not in {"PROPN", "NOUN"}:
            continue
        if token.is_sent_start and token.pos_ != "PROPN":
            continue  # "Green energy …" opening a sentence is not Ms Green
        before = tokens[token.i - 1] if token.i > 0 else None
        after = tokens[token.i + 1] if token.i + 1 < len(tokens) else None
        if any(t is not None and t.text[:1].isupper() and t.pos_ == "PROPN" for t in (before, after)):
            continue  # part of a longer name the tagger did not see ("Creemers Foundation")
        add(token.text, "Person", "SURNAME", token.idx, token.idx + len(token.text), range(token.i, token.i + 1),
            sentence_of[token.i], ("surname",))


def _gazetteer_names(doc: Doc, index: MentionIndex, known: KnownEntities,
                     sentence_of: dict[int, int], add: Any) -> None:
    """Known names (shipped or the user's) that the tagger missed, spelled exactly as listed."""
    spellings = known.spellings()
    tokens = tokens_of(doc)
    text = text_of(doc)
    i = 0
    while i < len(doc):
        if i in index.by_token or not tokens[i].text[:1].isupper():
            i += 1
            continue
        for size in range(min(5, len(doc) - i), 0, -1):
            last = tokens[i + size - 1]
            if text[tokens[i].idx:last.idx + len(last.text)] not in spellings:
                continue  # the cheap test first: most capitalised words are not known names
            span = doc[i:i + size]
            if any(t.i in index.by_token for t in span):
                continue
            if len(span.text) <= 3 and (size > 1 or span[0].pos_ != "PROPN"):
                continue  # "IS", "AU", "WHO" only as proper nouns
            entry = known.lookup(span.text)
            if entry is None or entry.type == "Concept" or _next_to_a_name(span, entry.type) or in_title(span) \
                    or _in_hyphenated_name(span, known):
                continue
            add(span.text, entry.type, "KNOWN", span.start_char, span.end_char,
                range(span.start, span.end), sentence_of[span.start], ("known",))
            i += size - 1
            break
        i += 1


def _next_to_a_name(span: Span, kind: str) -> bool:
    """A place name that runs into another capitalised name is part of a person's name
    ("Victoria Beckham", "Georgia Meloni") or a longer name the tables do not know."""
    if kind not in {"City", "Country", "Place"}:
        return False
    doc = span.doc
    after = doc[span.end] if span.end < len(doc) else None
    before = doc[span.start - 1] if span.start > 0 else None
    honorifics = names()["honorifics"]
    # "Mauritius Prime Minister X", "Lagos Governor X": a place before a title is the title's place.
    runs_into_a_name = after is not None and after.pos_ == "PROPN" and after.text[:1].isupper() and not any(
        exact_title([t.lower_ for t in doc[span.end:span.end + size]]) for size in (1, 2, 3))
    return bool(runs_into_a_name or (before is not None and before.lower_.rstrip(".") in honorifics) or vessel(span))


def _retype_short_names(index: MentionIndex, known: KnownEntities) -> None:
    """A tagged ORG or place that is the surname of a person in the article is that person.

    The model calls "Valls" an ORG; "Manuel Valls" two sentences before says otherwise.
    """
    full_names = [m.text.split() for m in index.mentions if m.label == "Person" and " " in m.text]
    for position, mention in enumerate(index.mentions):
        if mention.label == "Person" or mention.ner_label in {"DEMONYM", "DATELINE"}:
            continue
        entry = known.lookup(mention.text)
        if entry is not None and not yields_to_person(entry):
            continue  # "Israel" beside "Israel Katz" is still the country; "Florence" is Ms Parly
        words = mention.text.split()
        if any(len(words) < len(full) and full[-len(words):] == words for full in full_names):
            index.mentions[position] = Mention(**{**mention.__dict__, "label": "Person",
                                                  "evidence": mention.evidence + ("surname",)})
        elif entry is None and len(words) == 1 and len({" ".join(f) for f in full_names if f[0] == words[0]}) == 1:
            # "daughter Makeda" beside "Makeda Mbewe": her first name, when only she bears it
            index.mentions[position] = Mention(**{**mention.__dict__, "label": "Person",
                                                  "evidence": mention.evidence + ("first-name",)})


def retype_people(index: MentionIndex, people: set[int]) -> None:
    """Mentions that carry a person's title are people ("Government spokesperson X")."""
    for position, mention in enumerate(index.mentions):
        if mention.id in people and mention.label != "Person":
            index.mentions[position] = Mention(**{**mention.__dict__, "label": "Person",
                                                  "evidence": mention.evidence + ("title",)})
