"""Who a word stands for, inside one article.

Actors in a clause are often not names: "he", "they", "the two leaders",
"the French PM", "his Danish counterpart", "the Belgian government". This
module maps such tokens to the named mentions they refer to, using only the
article itself: earlier subjects for pronouns, roles for descriptions,
recent entities for counted groups.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING

from ..resources import KnownEntities, lexicon, normalize_name
from .mentions import MentionIndex
from .roles import Role
from .titles import title_of
from .tokens import sent_number, text_of, tokens_of

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from ..model import Mention

__all__ = ["References"]

SINGULAR_PERSON_PRONOUNS = {"he", "she", "him", "her", "his", "hers"}
FEMININE_PRONOUNS = {"she", "her", "hers"}
THING_PRONOUNS = {"it"}
PLURAL_PRONOUNS = {"they", "them", "their", "we", "us", "our"}
SUBJECT_DEPS = {"nsubj", "nsubjpass"}
STATE_KINDS = {"Country", "Organization"}
# How far back (in sentences) a pronoun looks for what it stands for.
PRONOUN_REACH = 3
# How sure we are of a fact, by how its actor was named.
CONFIDENCE = {"name": 0.9, "pronoun": 0.75, "description": 0.7}


@cache
def _groups() -> dict:
    return lexicon()["groups"]


class References:
    """Resolve actor tokens of one Doc to mention ids."""

    def __init__(self, doc: Doc, index: MentionIndex, role_list: list[Role], known: KnownEntities):
        self.doc = doc
        self.index = index
        self.roles = role_list
        self.known = known
        self._capitals: dict[str, str] | None = None
        self._quote_starts: list[int] | None = None
        self._quote_spans: list[tuple[int, int]] = []
        # Gender a pronoun already gave a person ("she" said of X): mention text -> "F"/"M".
        self._gender: dict[str, str] = {}
        # (token index, mention ids) for each subject group, in text order.
        self.subject_groups: list[tuple[int, tuple[int, ...]]] = []
        self._cache: dict[int, tuple[tuple[int, ...], str]] = {}
        for token in tokens_of(doc):
            if token.dep_ in SUBJECT_DEPS:
                group: list[int] = []
                for member in (token, *token.conjuncts):
                    ids, _ = self.resolve(member)
                    group.extend(i for i in ids if i not in group)
                if group:
                    self.subject_groups.append((token.i, tuple(group)))

    # -- public --------------------------------------------------------------

    def actors(self, tokens: list[Token], for_state: bool = False) -> list[tuple[int, str]]:
        """Mention ids (with how they were named) for tokens and their conjuncts.

        ``for_state``: the tokens act or are acted on as parties, so a capital named
        for its government stands for its country ("Vilnius demanded ...").
        """
        result: list[tuple[int, str]] = []
        seen: set[int] = set()
        for token in tokens:
            for member in (token, *token.conjuncts):
                ids, how = self.resolve(member)
                if for_state:
                    ids = tuple(self._country_of_capital(i) for i in ids)
                for mention_id in ids:
                    if mention_id not in seen:
                        seen.add(mention_id)
                        result.append((mention_id, how))
        return result

    def resolve(self, token: Token) -> tuple[tuple[int, ...], str]:
        if token.i not in self._cache:
            self._cache[token.i] = self._resolve(token)
        return self._cache[token.i]

    # -- rules ---------------------------------------------------------------

    def _resolve(self, token: Token) -> tuple[tuple[int, ...], str]:
        mention = self.index.at(token)
        if mention is not None:
            if mention.ner_label == "DEMONYM" and token.dep_ in {"amod", "compound"}:
                # "Belgian" alone is no actor; "the Belgian government" is (below).
                return (), "name"
            return (mention.id,), "name"
        lower = token.lower_
        if token.pos_ == "PRON" or lower in SINGULAR_PERSON_PRONOUNS | PLURAL_PRONOUNS:
            return self._pronoun(token), "pronoun"
        if token.pos_ == "PROPN" and token.text[:1].isupper():
            surname = self._surname(token)
            if surname is not None:
                return (surname,), "name"
        if token.pos_ in {"NOUN", "PROPN"}:
            # A title noun with its name beside it: "his counterpart Nikola Gruevski".
            if self._is_person_noun(token):
                for child in token.children:
                    if child.dep_ in {"appos", "compound"}:
                        named = self.index.at(child)
                        if named is not None and named.label == "Person":
                            # "three senators — A, B and C — wrote": each of them.
                            listed = [self.index.at(c) for c in child.conjuncts] if child.dep_ == "appos" else []
                            people = [named.id] + [m.id for m in listed if m is not None and m.label == "Person"]
                            return tuple(dict.fromkeys(people)), "name"
            return self._description(token), "description"
        return (), "name"

    def _quoted(self, offset: int) -> bool:
        """Whether a character lies inside quotation marks: what a speaker says names
        no one a pronoun outside can stand for ("the president gets ...," he told VOA)."""
        if self._quote_starts is None:
            from .quotes import quote_spans  # quotes resolves speakers through this module

            self._quote_spans = quote_spans(text_of(self.doc))
            self._quote_starts = [start for start, _ in self._quote_spans]
        position = bisect_right(self._quote_starts, offset) - 1
        return position >= 0 and offset < self._quote_spans[position][1]

    def _as_country(self, mention_id: int) -> int:
        """A demonym the tagger took for a place ("Ukrainian" officials): the country, when named."""
        mention = self.index.get(mention_id)
        if mention.ner_label == "DEMONYM" or self.known.lookup(mention.text) is not None:
            return mention_id
        country = self.known.demonym(mention.text)
        if country is None:
            return mention_id
        named = [m.id for m in self.index.mentions if m.text == country.name and m.label in {"Country", "Place"}]
        return named[0] if named else mention_id

    def _country_of_capital(self, mention_id: int) -> int:
        """The article's mention of the country whose capital this is, else the capital itself."""
        mention = self.index.get(mention_id)
        if mention.label not in {"City", "Place"}:
            return mention_id
        if self._capitals is None:
            self._capitals = {normalize_name(e.capital): e.name for e in self.known.by_name.values()
                              if e.type == "Country" and e.capital}
        country = self._capitals.get(normalize_name(mention.text))
        if country is None:
            return mention_id
        for other in self.index.mentions:
            if other.label == "Country" and other.text == country:
                return other.id
        return mention_id

    def _is_person_noun(self, token: Token) -> bool:
        lemma = token.lemma_.lower()
        return lemma in _groups()["person_nouns"] or title_of([lemma]) is not None

    def _surname(self, token: Token) -> int | None:
        """A surname the tagger missed ("Creemers said"), after the full name was given."""
        for mention in reversed(self.index.mentions):
            if mention.start >= token.idx:
                continue
            if " " in mention.text and self._is_person(mention.id) and mention.text.split()[-1] == token.text:
                return mention.id
        return None

    def _pronoun(self, token: Token) -> tuple[int, ...]:
        lower = token.lower_
        if lower in SINGULAR_PERSON_PRONOUNS:
            gender = "F" if lower in FEMININE_PRONOUNS else "M"
            found = self._recent(token, lambda m: self._is_person(m) and self._gender.get(
                self.index.get(m).text, gender) == gender)
            if found is not None:
                self._gender.setdefault(self.index.get(found).text, gender)
                return (found,)
            return ()
        if lower in THING_PRONOUNS and token.dep_ in SUBJECT_DEPS:
            # "it said": an organization or a country that was the subject just before.
            found = self._recent(token, lambda m: self.index.get(m).label in STATE_KINDS
                                 and not self._is_person(m), subjects_only=True)
            return (found,) if found is not None else ()
        if lower in PLURAL_PRONOUNS:
            for position, group in reversed(self.subject_groups):
                if position < token.i and len(group) >= 2:
                    return group
        return ()

    def _recent(self, token: Token, fits: Callable[[int], bool], subjects_only: bool = False) -> int | None:
        """What a pronoun stands for: sentence by sentence backwards, the subject that fits,
        else (for people) the one person of that sentence that fits."""
        here = sent_number(token)

        def number_of(position: int) -> int:
            return sent_number(self.doc[position])

        by_sentence: dict[int, list[tuple[bool, int]]] = {}
        for position, group in self.subject_groups:
            if position < token.i and len(group) == 1 and not self._quoted(self.doc[position].idx):
                # The main clause's subject first: in "Ann Vole told VOA that Jude had moved.
                # She said ...", she is Ann Vole.
                main = self.doc[position].head.dep_ == "ROOT" and number_of(position) < sent_number(token)
                by_sentence.setdefault(number_of(position), []).append((main, group[0]))
        for number in range(here, max(-1, here - PRONOUN_REACH - 1), -1):
            subject = [(main, m) for main, m in by_sentence.get(number, []) if fits(m)]
            if subject:
                return max(enumerate(subject), key=lambda pair: (pair[1][0], pair[0]))[1][1]
            if subjects_only:
                continue
            named = {self.index.get(m.id).text: m.id for m in self.index.mentions
                     if m.sentence == number and m.start < token.idx and fits(m.id) and not self._quoted(m.start)}
            if len(named) == 1:
                return next(iter(named.values()))
            if named:
                return None  # two people and neither was the subject: too unsure
        return None

    def _description(self, token: Token) -> tuple[int, ...]:
        groups = _groups()
        lemma = token.lemma_.lower()
        children = list(token.children)
        count = None
        for child in children:
            if child.dep_ in {"nummod", "det", "predet"} and child.lower_ in groups["numbers"]:
                count = groups["numbers"][child.lower_]
        modifiers = [self.index.at(c) for c in children if c.dep_ in {"amod", "compound", "poss", "nmod"}]
        countries = [self._as_country(m.id) for m in modifiers if m is not None and m.label in {"Country", "Place"}]
        words = [c.lemma_.lower() for c in children if c.dep_ in {"compound", "amod"}] + [lemma]
        title = title_of(words)
        has_article = any(c.lower_ in {"the", "his", "her", "their", "its"} for c in children)
        if title and has_article and count is None and token.tag_ not in {"NNS", "NNPS"}:
            # "the French PM": the person the article gave that post, when it named one.
            holder = self._by_role(title[0], title[1], countries, set(words))
            if holder:
                return holder
        if lemma in groups["state_nouns"] or lemma in groups["person_nouns"] or title:
            # "the presidents of Kenya and Tanzania": each country, through its officials.
            owners = [m for prep in children if prep.dep_ == "prep" and prep.lower_ == "of"
                      for pobj in prep.children if pobj.dep_ == "pobj"
                      for m in (self.index.at(t) for t in (pobj, *pobj.conjuncts))
                      if m is not None and m.label in {"Country", "Place"}]
            if owners and (count is None or count == len(owners)):
                return tuple(dict.fromkeys(m.id for m in owners))
        if lemma in groups["place_nouns"] or lemma in groups["state_nouns"]:
            # "the Belgian government", "Lithuanian officials", "Iraq's security forces":
            # organs of a state act for it (guidelines).
            if countries and count is None:
                return (countries[0],)
            if lemma in groups["place_nouns"]:
                return self._last_of_kind(token.i, count, {"Country"}) if count else ()
            if not count:
                return ()
        if count and (lemma in groups["person_nouns"] or title):
            return self._last_of_kind(token.i, count, {"Person"})
        if lemma in groups["body_nouns"] and any(c.lower_ == "the" for c in children) and count is None:
            # "the militant group said": the organization just named, if one fits.
            found = self._recent(token, lambda m: self.index.get(m).label == "Organization"
                                 and not self._is_person(m))
            if found is not None:
                return (found,)
        if lemma in groups["speaker_nouns"]:
            # "the ministry's statement said", "a spokeswoman for the airline": the body speaks.
            speakers_for: list[Mention | None] = [m for m in modifiers
                                                  if m is not None and m.label in STATE_KINDS | {"Place"}]
            speakers_for += [self.index.at(p) for prep in children if prep.dep_ == "prep"
                             and prep.lower_ in {"for", "of"} for p in prep.children if p.dep_ == "pobj"]
            bodies = [m.id for m in speakers_for if m is not None and m.label != "Person"]
            return tuple(bodies[:1])
        return ()

    def _by_role(self, title: str, prop: str, countries: list[int], words: frozenset[str] | set[str] = frozenset()
                 ) -> tuple[int, ...]:
        """The person the article gave this role: "the French PM" -> Manuel Valls; "the
        chancellor" is not the shadow chancellor, "the president" not the vice president."""
        wanted = {self.index.get(c).text for c in countries}
        qualifiers = frozenset(_groups()["rank_qualifiers"])
        matches: list[int] = []
        for role in self.roles:
            if wanted and role.country not in wanted:
                continue
            if (self._role_words(role) & qualifiers) - words:
                continue
            if not wanted and role.title != title and not role.title.endswith(" " + title):
                continue
            if role.title != title and prop != role.property and title not in role.title:
                continue
            if role.person not in matches:
                matches.append(role.person)
        people = {self.index.get(m).text for m in matches}
        return (matches[-1],) if len(people) == 1 else ()

    def _role_words(self, role: Role) -> set[str]:
        """The words around the title that gave a role ("shadow", "deputy", ...)."""
        head = self.doc[role.token]
        near = list(head.subtree)
        if head.dep_ == "appos":
            near += list(head.head.subtree)
        near += [t for child in head.children if child.dep_ == "appos" for t in child.subtree]
        return {t.lower_ for t in near if abs(t.i - head.i) <= 12}

    def _is_person(self, mention_id: int) -> bool:
        mention = self.index.get(mention_id)
        return mention.label == "Person" or any(r.person == mention_id for r in self.roles)

    def _last_of_kind(self, before: int, count: int, kinds: set[str]) -> tuple[int, ...]:
        """The last ``count`` distinct entities of a kind mentioned before a token."""
        chosen: list[int] = []
        names: set[str] = set()
        cutoff = self.doc[before].idx
        for mention in reversed(self.index.mentions):
            if mention.start >= cutoff or mention.sentence < 0:
                continue
            kind_ok = mention.label in kinds or ("Person" in kinds and self._is_person(mention.id))
            if not kind_ok:
                continue
            key = mention.text.split()[-1]
            if any(key in name.split() or name.split()[-1] in mention.text.split() for name in names):
                continue
            names.add(mention.text)
            chosen.append(mention.id)
            if len(chosen) == count:
                return tuple(reversed(chosen))
        return ()
