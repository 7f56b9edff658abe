"""Canonical entities of a graph: type, aliases, Wikidata link, mention count."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from rdflib import OWL, RDF, RDFS, SKOS, Graph, Literal, URIRef

from .vocab import KGO, WD, agent_classes

__all__ = ["EntityRow", "list_entities"]


@dataclass(frozen=True)
class EntityRow:
    label: str
    type: str
    iri: str
    aliases: tuple[str, ...]
    wikidata: str | None
    mentions: int

    def as_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["aliases"] = list(self.aliases)
        return data


def list_entities(graph: Graph) -> list[EntityRow]:
    """Every Person, Organization and Place node, most mentioned first."""
    rows = []
    seen: set[URIRef] = set()
    for name in agent_classes():  # most specific first: a Country is reported as Country, not Place
        for node in graph.subjects(RDF.type, KGO[name]):
            if not isinstance(node, URIRef) or node in seen:
                continue
            seen.add(node)
            label = next((str(o) for o in graph.objects(node, RDFS.label)), str(node))
            aliases = tuple(sorted(str(o) for o in graph.objects(node, SKOS.altLabel)))
            wikidata = next((str(o) for o in graph.objects(node, OWL.sameAs)
                             if str(o).startswith(WD)), None)
            count = max((int(o) for o in graph.objects(node, KGO.mentionCount) if isinstance(o, Literal)), default=0)
            rows.append(EntityRow(label, name, str(node), aliases, wikidata, count))
    return sorted(rows, key=lambda r: (-r.mentions, r.label, r.iri))
