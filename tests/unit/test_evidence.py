import shutil
from pathlib import Path

from dashboard.core.corpus import loader as corpus_loader
from dashboard.core.corpus.loader import document_from_text, load_corpus
from dashboard.core.evidence.cache import index_is_cached, load_or_build_index
from dashboard.core.evidence.index import (
    DOCUMENT_COLUMNS,
    LINK_COLUMNS,
    MENTION_COLUMNS,
    PLACE_COLUMNS,
    SENTENCE_COLUMNS,
    build_index,
    fingerprint,
    load_index,
    process_document,
    save_index,
)
from dashboard.core.paths import geodata_dir

TEXT = (
    "Azerbaijan’s Bridge Plans\n"
    "Work is underway on a new bridge across the Aras River to Nakhchivan. "
    "Baku hopes this project helps.\n"
    "Related: Oil prices fall in Russia\n"
)


def test_process_document_rows(parser):
    doc = document_from_text(TEXT, "x.txt")
    result = process_document(doc, parser)
    assert result.document["n_sentences"] == 4
    assert [s["in_analysis"] for s in result.sentences] == [True, True, True, False]
    surfaces = [m["surface"] for m in result.mentions]
    assert surfaces == ["Azerbaijan", "Aras River", "Nakhchivan", "Baku"]
    for m in result.mentions:
        assert TEXT[m["start"] : m["end"]] == m["surface"]
        assert m["sentence_start"] <= m["start"] < m["end"] <= m["sentence_end"]
    links = [(link["sent_id"], link["corridor"], link["basis"]) for link in result.corridor_links]
    assert links == [(1, "aras", "described"), (2, "aras", "anaphoric")]
    for link in result.corridor_links:
        for (s, e), term in zip(link["term_spans"], link["terms"], strict=True):
            assert TEXT[s:e] == term


def test_build_save_load_roundtrip(parser, tmp_path: Path):
    docs = [document_from_text(TEXT, "x.txt"), document_from_text("Tbilisi and Kars.", "y.txt")]
    index = build_index(docs, parser)
    assert list(index.documents.columns) == DOCUMENT_COLUMNS
    assert list(index.sentences.columns) == SENTENCE_COLUMNS
    assert list(index.mentions.columns) == MENTION_COLUMNS
    assert list(index.places.columns) == PLACE_COLUMNS
    assert list(index.corridor_links.columns) == LINK_COLUMNS
    assert index.places.set_index("place_id").loc["city:kars-tr", "mention_count"] == 1
    row = index.corridor_links.iloc[0]
    assert index.excerpt(row.doc_id, row.start, row.end).startswith("Work is underway")
    save_index(index, tmp_path / "idx")
    back = load_index(tmp_path / "idx")
    assert back.texts == index.texts
    assert back.mentions[["surface", "start", "place_id"]].equals(
        index.mentions[["surface", "start", "place_id"]]
    )
    assert back.corridor_links["term_spans"].tolist() == index.corridor_links["term_spans"].tolist()


def test_load_or_build_rebuilds_only_on_change(tmp_path: Path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "a.txt").write_text("Baku and Yerevan.", encoding="utf-8")
    geodata = tmp_path / "geodata"
    shutil.copytree(geodata_dir() / "corridors", geodata / "corridors")
    shutil.copy(geodata_dir() / "gazetteer.csv", geodata / "gazetteer.csv")
    cache = tmp_path / "cache"
    calls: list[str] = []
    first = load_or_build_index(seeds, geodata, cache, progress=lambda d: calls.append(d.file))
    assert calls == ["a.txt"] and index_is_cached(seeds, geodata, cache)
    again = load_or_build_index(seeds, geodata, cache, progress=lambda d: calls.append(d.file))
    assert calls == ["a.txt"]
    assert again.mentions["surface"].tolist() == first.mentions["surface"].tolist()
    key = fingerprint(seeds, geodata)
    (seeds / "a.txt").write_text("Baku and Tbilisi.", encoding="utf-8")
    assert fingerprint(seeds, geodata) != key
    changed = load_or_build_index(seeds, geodata, cache, progress=lambda d: calls.append(d.file))
    assert calls == ["a.txt", "a.txt"]
    assert changed.mentions["surface"].tolist() == ["Baku", "Tbilisi"]
    (seeds / "sources.csv").write_text("id,file,title\na,a.txt,T\n", encoding="utf-8")
    assert fingerprint(seeds, geodata) != fingerprint(tmp_path / "none", geodata)
    assert load_or_build_index(seeds, geodata, cache).documents["title"].tolist() == ["T"]


def test_seed_index_has_every_corridor(parser):
    seeds = Path(__file__).resolve().parents[2] / "seeds"
    index = build_index(load_corpus(seeds), parser)
    assert set(index.corridor_links["corridor"]) == {
        "middle_corridor",
        "instc",
        "zangezur",
        "aras",
        "btc",
    }
    assert index.places["mention_count"].sum() == len(index.mentions)


def test_fingerprint_rereads_only_the_files_that_changed(tmp_path, monkeypatch):
    seeds, geodata = tmp_path / "seeds", tmp_path / "geodata"
    seeds.mkdir()
    shutil.copytree(geodata_dir() / "corridors", geodata / "corridors")
    for name in ("a.txt", "b.txt", "c.txt"):
        (seeds / name).write_text(f"Baku, {name}.", encoding="utf-8")
    key = fingerprint(seeds, geodata)
    read: list[str] = []
    real = corpus_loader.read_plain  # how the loader reads a corpus file (never via a link)
    monkeypatch.setattr(corpus_loader, "read_plain",
                        lambda p: read.append(Path(p).name) or real(p))
    assert fingerprint(seeds, geodata) == key and read == []
    (seeds / "b.txt").write_text("Tbilisi, b.txt.", encoding="utf-8")  # changed text
    changed = fingerprint(seeds, geodata)
    assert changed != key and read == ["b.txt"]
