from pathlib import Path

import pytest

from dashboard.core.corpus.loader import (
    CorpusError,
    Document,
    analysis_spans_for,
    document_from_text,
    find_furniture,
    load_corpus,
    load_corpus_safe,
    read_document,
)
from dashboard.core.corpus.sources_csv import SourcesTable, read_sources_table

ARTICLE = (
    "Title Line\n"
    "Baku and Tbilisi signed a deal.\n"
    "Related: Something Else Happened in Russia\n"
    "The talks continued in Ankara.\n"
    "Free media is under attack. We need your support to survive. Please Contribute via "
    "GoGetFunding\n"
)


def _excluded(text: str, spans: list[tuple[int, int]]) -> str:
    out, pos = [], 0
    for s, e in spans:
        out.append(text[pos:s])
        pos = e
    out.append(text[pos:])
    return "".join(out)


def test_document_keeps_text_verbatim_and_excludes_furniture():
    doc = document_from_text(ARTICLE, "a.txt")
    assert doc.text == ARTICLE
    assert doc.doc_id == "a" and doc.file == "a.txt"
    analysed = "".join(ARTICLE[s:e] for s, e in doc.analysis_spans)
    assert "Baku and Tbilisi" in analysed and "Ankara" in analysed
    assert "Related:" not in analysed
    assert "GoGetFunding" not in analysed
    assert "Related:" in _excluded(ARTICLE, doc.analysis_spans)


def test_comment_form_and_trailing_bio_are_furniture():
    text = (
        "Azerbaijan and Russia signed an agreement.\n\n"
        "Dr. Emil Avdaliani\n\n"
        "Emil Avdaliani has worked for various consulting companies.\n\n"
        "Leave a Reply\n\nYour email address will not be published.\n"
    )
    furniture = "".join(text[s:e] for s, e in find_furniture(text))
    assert "Dr. Emil Avdaliani" in furniture
    assert "has worked for" in furniture
    assert "Leave a Reply" in furniture and "email address" in furniture
    analysed = "".join(text[s:e] for s, e in analysis_spans_for(text))
    assert "Azerbaijan and Russia" in analysed
    assert "Avdaliani" not in analysed


def test_short_titlecase_line_mid_article_is_not_a_bio():
    text = "Intro sentence here.\nSouth Caucasus Puzzle\nMore text follows about Baku.\n"
    assert find_furniture(text) == []


def test_read_document_errors(tmp_path: Path):
    empty = tmp_path / "empty.txt"
    empty.write_text("   \n", encoding="utf-8")
    binary = tmp_path / "bin.txt"
    binary.write_bytes(b"abc\x00def")
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Baküü".encode("latin-1"))
    for path, word in [(empty, "empty"), (binary, "NUL"), (latin, "UTF-8")]:
        with pytest.raises(CorpusError) as info:
            read_document(path)
        assert word in str(info.value)
        assert info.value.path == path
    with pytest.raises(CorpusError):
        read_document(tmp_path / "missing.txt")


def test_load_corpus_with_and_without_sources(tmp_path: Path):
    (tmp_path / "b.txt").write_text("Baku is a city.", encoding="utf-8")
    (tmp_path / "a.md").write_text("Yerevan too.", encoding="utf-8")
    (tmp_path / "notes.csv").write_text("x", encoding="utf-8")
    docs = load_corpus(tmp_path)
    assert [d.file for d in docs] == ["a.md", "b.txt"]
    assert all(isinstance(d, Document) and d.title == "" for d in docs)
    (tmp_path / "sources.csv").write_text(
        "id,file,title,author,outlet,date,url\nb,b.txt,The B,Ann,Daily,2024-01-02,http://x\n",
        encoding="utf-8",
    )
    docs = load_corpus(tmp_path)
    b = docs[1]
    assert (b.title, b.author, b.outlet, b.date, b.url) == (
        "The B",
        "Ann",
        "Daily",
        "2024-01-02",
        "http://x",
    )
    with pytest.raises(CorpusError):
        load_corpus(tmp_path / "nope")


def test_seed_corpus_loads_with_metadata():
    seeds = Path(__file__).resolve().parents[2] / "seeds"
    docs = load_corpus(seeds)
    assert len(docs) >= 5
    by_id = {d.doc_id: d for d in docs}
    assert by_id["001_bfb11c18a4998409"].author == "Emil Avdaliani"
    text = by_id["002_a71c1d93199fa0cc"].text
    analysed = "".join(text[s:e] for s, e in by_id["002_a71c1d93199fa0cc"].analysis_spans)
    assert "GoGetFunding" in text and "GoGetFunding" not in analysed


def test_sources_csv_in_a_wrong_encoding_is_a_clear_corpus_error(tmp_path):
    (tmp_path / "a.txt").write_text("Baku is a city.", encoding="utf-8")
    (tmp_path / "sources.csv").write_bytes(b"id,file,title\n1,a.txt,Caf\xe9\n")
    with pytest.raises(CorpusError, match=r"^sources\.csv: is not UTF-8 \(invalid byte on line 2"):
        read_sources_table(tmp_path)  # a writer refuses it, naming the file and the line
    state = load_corpus_safe(tmp_path)  # a reader shows the documents and says why
    assert [d.title for d in state.documents] == [""]
    assert state.sources_problem.startswith("sources.csv: is not UTF-8 (invalid byte on line 2")


def _append_duplicate_row(folder: Path) -> None:
    csv_path = folder / "sources.csv"
    first_row = csv_path.read_bytes().split(b"\n")[1]
    csv_path.write_bytes(csv_path.read_bytes() + first_row + b"\n")


def test_duplicate_row_gives_the_cli_and_the_app_the_same_metadata(seeds_copy):
    """build/extract/evaluate/Dask (load_corpus) and the app (load_corpus_safe) agree."""
    _append_duplicate_row(seeds_copy)
    notices: list[str] = []
    cli_docs = load_corpus(seeds_copy, notices.append)
    app = load_corpus_safe(seeds_copy)
    meta = [(d.doc_id, d.title, d.author, d.outlet, d.date, d.url) for d in cli_docs]
    assert meta == [(d.doc_id, d.title, d.author, d.outlet, d.date, d.url)
                    for d in app.documents]
    assert "duplicate id" in app.sources_problem and notices == [app.sources_problem]
    assert all(d.title == "" for d in cli_docs)  # the table is ignored, not half-used


def test_duplicate_row_gives_the_built_index_and_the_app_index_the_same_titles(
        seeds_copy, tmp_path, monkeypatch, capsys, parser):
    from dashboard.cli import main
    from dashboard.core.evidence.cache import load_or_build_index
    from dashboard.core.evidence.corpus_index import corpus_index

    _append_duplicate_row(seeds_copy)
    monkeypatch.setenv("ATLAS_CACHE_DIR", str(tmp_path / "cache"))
    assert main(["build", "--seeds", str(seeds_copy)]) == 0
    assert "build: sources.csv: duplicate id" in capsys.readouterr().err
    built = load_or_build_index(seeds_copy, cache=tmp_path / "cache")  # what build cached
    shown = corpus_index(seeds=seeds_copy, cache=tmp_path / "app", parser=lambda: parser).index
    assert built.documents["title"].tolist() == shown.documents["title"].tolist()
    assert main(["extract", str(seeds_copy), "-o", str(tmp_path / "out.jsonl")]) == 0
    assert "extract: sources.csv: duplicate id" in capsys.readouterr().err


def test_the_app_reads_the_folder_once_on_a_cache_miss(seeds_copy, tmp_path, monkeypatch,
                                                       parser):
    from dashboard.core.corpus import loader as corpus
    from dashboard.core.evidence.corpus_index import corpus_index

    reads: list[str] = []
    real = Path.read_bytes

    def counting(self: Path) -> bytes:
        if self.parent == seeds_copy and self.suffix == ".txt":
            reads.append(self.name)
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", counting)
    index = corpus_index(seeds=seeds_copy, cache=tmp_path / "cache", parser=lambda: parser)
    files = [p.name for p in corpus.corpus_files(seeds_copy)]
    assert sorted(reads) == sorted(files) and len(index.index.documents) == len(files)


def test_load_errors_survive_pickling(tmp_path):
    import pickle

    from dashboard.core.corpus.errors import IngestError
    from dashboard.core.corpus.sources_csv import SourcesCsvError

    (tmp_path / "bad.txt").write_bytes(b"\xff\xfe\x00")
    state = load_corpus_safe(tmp_path)
    again = pickle.loads(pickle.dumps(state))
    assert (again.documents, again.problems) == (state.documents, state.problems)
    assert [str(e) for e in again.errors] == [str(e) for e in state.errors] != []
    for exc in (IngestError("x.txt", "is empty", "empty"),
                SourcesCsvError(tmp_path / "sources.csv", "is empty (no header line)")):
        back = pickle.loads(pickle.dumps(exc))
        assert (type(back), str(back), back.kind) == (type(exc), str(exc), exc.kind)


def test_sources_lookup_finds_the_first_row_by_file_or_id(tmp_path):
    table = SourcesTable(path=tmp_path / "sources.csv", rows=[
        {"id": "a", "file": "a.txt"}, {"id": "b", "file": "x.txt"}, {"id": "x", "file": "c.txt"},
        {"id": "d", "file": "a.txt"}])
    for name in ("a.txt", "x.txt", "c.txt", "b.md", "zz.txt"):
        want = next((r for r in table.rows
                     if r["file"] == name or r["id"] == Path(name).stem), None)
        assert table.meta_for(name) is want
        assert table.lookup()(name) is want
