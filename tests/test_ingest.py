"""Reading articles: boilerplate, datelines, bylines, HTML, JSONL, bad files."""

from __future__ import annotations

import json

from kg.clean import clean_document
from kg.ingest import iter_documents
from kg.model import Document


def test_boilerplate_is_blanked_with_offsets_kept(tmp_path):
    text = ("A headline\n\nBy: Jane Doe\n\nPARIS, 3 May 2022 - The story starts here with enough "
            "words to count as a paragraph of real news text.\n\nTip. Click here to subscribe to the newsletter\n")
    doc = clean_document(Document(id="x", text=text))
    assert len(doc.nlp_text) == len(doc.text)
    assert doc.title == "A headline"
    assert doc.author == "Jane Doe"
    assert doc.date == "2022-05-03"
    assert doc.dateline is not None and doc.dateline[0] == "PARIS"
    assert "subscribe" not in doc.nlp_text and "Jane Doe" not in doc.nlp_text
    assert "The story starts here" in doc.nlp_text


def test_link_marker_after_a_name_is_blanked():
    doc = clean_document(Document(id="x", text="Charles Michel\u00a0i and Manuel Valls met."))
    assert " i " not in doc.nlp_text.replace("\u00a0", " ")
    assert len(doc.nlp_text) == len(doc.text)


def test_folders_jsonl_and_bad_inputs_are_reported_not_fatal(tmp_path):
    (tmp_path / "good.txt").write_text("Germany and France met in Berlin.", encoding="utf-8")
    (tmp_path / "empty.txt").write_text("   \n", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\x00\x00\x01")
    (tmp_path / "page.html").write_text(
        "<html><head><script>var x=1;</script></head><body><p>Spain &amp; Italy met.</p></body></html>",
        encoding="utf-8")
    lines = [json.dumps({"id": "a1", "text": "Poland met Lithuania.", "date": "2023-01-02"}),
             "{truncated", json.dumps([1, 2]), json.dumps({"text": 5}), "",
             json.dumps({"id": "a2", "text": "Greece met Cyprus.", "title": float("nan")})]
    (tmp_path / "feed.jsonl").write_text("\n".join(lines), encoding="utf-8")
    skipped: list[str] = []
    docs = list(iter_documents([tmp_path, tmp_path / "missing.txt"], skipped.append))
    ids = sorted(d.id for d in docs)
    assert ids == ["a1", "a2", "good", "page"]
    page = next(d for d in docs if d.id == "page")
    assert "Spain & Italy met." in page.text and "var x" not in page.text
    reasons = "\n".join(skipped)
    for expected in ("empty.txt: empty", "binary.txt: a PNG image, not an article", "feed.jsonl:2: not valid JSON",
                     "feed.jsonl:3: not a JSON object", "feed.jsonl:4: no non-empty string",
                     "missing.txt: no such file"):
        assert expected in reasons
    assert next(d for d in docs if d.id == "a2").title is None


def test_cp1252_is_decoded_and_reported(tmp_path):
    (tmp_path / "latin.txt").write_bytes("Fran\xe7ois Hollande met Angela Merkel.".encode("cp1252"))
    skipped: list[str] = []
    docs = list(iter_documents([tmp_path / "latin.txt"], skipped.append))
    assert docs[0].text.startswith("François")
    assert any("Windows-1252" in s for s in skipped)


def test_an_article_past_its_extraction_budget_is_skipped_not_fatal(nlp):
    from kg.model import Skipped
    from kg.pipeline import build_articles
    from kg.ingest import text_documents

    texts = [("slow", "Belgian Prime Minister Charles Michel met Manuel Valls in Brussels.")]
    out = list(build_articles(text_documents(texts), budget=1e-9))
    assert len(out) == 1 and isinstance(out[0], Skipped)
    assert str(out[0]) == "slow: extraction took over 1e-09s, skipped"
    fine = list(build_articles(text_documents(texts)))
    assert not isinstance(fine[0], Skipped)


def test_a_graph_file_given_as_input_is_not_read_as_an_article(tmp_path):
    from kg.ingest import iter_documents

    graph = tmp_path / "graph.nt"
    graph.write_text('<urn:a> <urn:b> "Charles Michel met Manuel Valls." .\n')
    messages: list[str] = []
    assert list(iter_documents([graph], messages.append)) == []
    assert messages == [f"{graph}: an RDF graph, not an article (to add articles to it: --append graph.nt), skipped"]
