"""Persistence of added articles: round trip, duplicates, crashes, bad sources.csv, modes."""

from __future__ import annotations

import io
import os
import threading
import zipfile
from pathlib import Path

import pytest

from dashboard.cli import main as cli_main
from dashboard.core.corpus import ingest, sources_csv, store, store_files, store_journal
from dashboard.core.corpus.loader import load_corpus, load_corpus_safe
from dashboard.core.paths import REPO_ROOT
from tests.helpers import SEEDS, lock_is_free

ORIGINAL_HEADER = (SEEDS / "sources.csv").read_text(encoding="utf-8").split("\n", 1)[0]

ARTICLE = (
    "The railway from Kars to Nakhchivan would cross the Araxes near Meghri.\n"
    "Engineers in Baku say the Aghband section is the last gap in the line."
)


@pytest.fixture
def corpus(original_seeds_copy: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A writable copy of the five original seeds (the ids and counts below are theirs), also
    set as ATLAS_SEEDS_DIR."""
    monkeypatch.setenv("ATLAS_SEEDS_DIR", str(original_seeds_copy))
    return original_seeds_copy


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every visible file's bytes (what "the corpus is intact" means)."""
    return {
        p.name: p.read_bytes()
        for p in sorted(folder.iterdir())
        if p.is_file() and not p.name.startswith(".")
    }


def prepared(text: str = ARTICLE, name: str = "new.txt") -> ingest.Prepared:
    return ingest.prepare_file(text.encode(), name)


# ------------------------------------------------------------------ round trip


def test_add_then_load_then_remove_round_trip(corpus: Path):
    before = snapshot(corpus)
    seed_ids = [d.doc_id for d in load_corpus(corpus)]
    meta = {
        "title": "Rail <b>talk</b>",
        "outlet": "Example Times",
        "date": "2025-03-01",
        "url": "https://example.org/rail",
        "author": "A. Writer",
    }
    result = store.add_document(corpus, prepared(), meta, added="2025-03-02T10:00:00+00:00")

    assert result.doc_id == f"005_{result.row['sha256'][:16]}"
    assert result.path.read_text(encoding="utf-8") == ARTICLE
    docs = {d.doc_id: d for d in load_corpus(corpus)}  # the geoparser's own loader
    assert list(docs) == [*seed_ids, result.doc_id]
    doc = docs[result.doc_id]
    assert (doc.title, doc.outlet, doc.date, doc.url, doc.author) == (
        "Rail <b>talk</b>",
        "Example Times",
        "2025-03-01",
        "https://example.org/rail",
        "A. Writer",
    )
    assert doc.text == ARTICLE
    table = store.read_sources_table(corpus)
    row = table.meta_for(result.path.name)
    assert row["original_file"] == "new.txt" and row["extraction"] == "text"
    assert row["sha256"] == ingest.content_hash(ARTICLE) and row["added"].startswith("2025-03-02")
    assert (corpus / "sources.csv.bak").read_bytes() == before["sources.csv"]
    # seed rows survive unchanged (new columns are blank)
    for seed in seed_ids:
        assert table.meta_for(f"{seed}.txt")["title"] == docs[seed].title

    removed = store.remove_document(corpus, result.doc_id)
    assert removed == result.path.name
    assert [d.doc_id for d in load_corpus(corpus)] == seed_ids
    assert not result.path.exists()
    kept = list((corpus / store.REMOVED_DIR).iterdir())
    assert len(kept) == 1 and kept[0].read_text(encoding="utf-8") == ARTICLE
    assert store.read_sources_table(corpus).meta_for(result.path.name) is None


def test_title_falls_back_to_document_title_then_first_line(corpus: Path):
    md = ingest.prepare_file(b"# Meghri crossing\n\n" + ARTICLE.encode(), "n.md")
    assert store.add_document(corpus, md).row["title"] == "Meghri crossing"
    plain = prepared(ARTICLE + "\nOne more sentence about Julfa.")
    assert store.add_document(corpus, plain).row["title"] == ARTICLE.split("\n")[0]


def test_add_into_a_new_empty_folder_creates_sources_csv(tmp_path: Path):
    folder = tmp_path / "fresh"
    result = store.add_document(folder, prepared())
    table = store.read_sources_table(folder)
    assert [r["id"] for r in table.rows] == [result.doc_id]
    assert result.doc_id.startswith("000_")
    assert table.header == list(sources_csv.BASE_COLUMNS + sources_csv.DATE_COLUMNS
                                + sources_csv.INGEST_COLUMNS)


def test_remove_unknown_document_is_a_clear_error(corpus: Path):
    with pytest.raises(ingest.IngestError, match="nope: no such document"):
        store.remove_document(corpus, "nope")


# ------------------------------------------------------------------- duplicates


def test_duplicate_by_content_hash_is_rejected_and_nothing_changes(corpus: Path):
    store.add_document(corpus, prepared())
    before = snapshot(corpus)
    same_text_other_format = ingest.prepare_file(
        f"<html><body><article><p>{ARTICLE.split(chr(10))[0]}</p><p>{ARTICLE.split(chr(10))[1]}"
        "</p></article></body></html>".encode(),
        "copy.html",
    )
    assert same_text_other_format.sha256 == ingest.content_hash(ARTICLE)
    with pytest.raises(ingest.IngestError) as info:
        store.add_document(corpus, same_text_other_format)
    assert info.value.kind == "duplicate"
    assert str(info.value).startswith("copy.html: is a duplicate") and "005_" in str(info.value)
    assert snapshot(corpus) == before


def test_duplicate_of_a_seed_article_is_rejected(corpus: Path):
    seed = sorted(corpus.glob("*.txt"))[1]
    again = ingest.prepare_file(seed.read_bytes().replace(b"\n", b"\r\n"), "again.txt")
    with pytest.raises(ingest.IngestError, match=f"already in the corpus as {seed.name}"):
        store.add_document(corpus, again)


def web_page_copy(article: str) -> bytes:
    """``article`` as a saved web page: straight quotes, lines re-wrapped, page chrome."""
    import html
    import textwrap

    head, *paras = article.split("\n")
    plain = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})
    body = "\n".join(
        "<p>" + "\n".join(textwrap.wrap(html.escape(p.translate(plain), quote=False), 70))
        + "</p>" for p in paras if p.strip()
    )
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{html.escape(head)}</title>"
        f"</head><body><nav><a href='/'>Home</a></nav><article><h1>{html.escape(head)}</h1>\n"
        f"{body}</article><footer>All rights reserved</footer></body></html>"
    ).encode()


def test_html_copy_of_a_seed_article_is_a_duplicate_despite_quotes_and_wrapping(corpus: Path):
    seed = sorted(corpus.glob("*.txt"))[0]
    copy = ingest.prepare_file(web_page_copy(seed.read_text(encoding="utf-8")), "saved.html")
    assert copy.sha256 != ingest.content_hash(seed.read_text(encoding="utf-8"))  # not byte-equal
    before = snapshot(corpus)
    with pytest.raises(ingest.IngestError, match=f"saved.html: is a duplicate.*{seed.name}"):
        store.add_document(corpus, copy)
    assert snapshot(corpus) == before


def test_cli_add_refuses_an_html_copy_of_a_seed_article(corpus, tmp_path, capsys):
    seed = sorted(corpus.glob("*.txt"))[2]
    page = tmp_path / "saved.html"
    page.write_bytes(web_page_copy(seed.read_text(encoding="utf-8")))
    before = snapshot(corpus)
    assert cli_main(["add", str(page), "--corpus", str(corpus)]) == 1
    said = "rejected saved.html: is a duplicate: the same text is already in the corpus as"
    assert f"{said} {seed.name}" in capsys.readouterr().err
    assert snapshot(corpus) == before


def test_different_articles_are_not_duplicates_by_the_folded_key():
    curly = ingest.match_hash("Baku \u201cport\u201d\n  opens")
    assert curly == ingest.match_hash('Baku "port" opens')
    assert ingest.match_hash("Baku port opens") != ingest.match_hash("Baku port closes")


# ---------------------------------------------------------------- interruptions


class Crash(BaseException):
    """Stands in for the process dying (not an Exception: nothing catches it)."""


def test_crash_between_temp_file_and_rename_leaves_corpus_intact(corpus, monkeypatch):
    before = snapshot(corpus)
    real_replace = os.replace

    def crash_on_text(src, dst):
        if str(dst).endswith(".txt"):
            raise Crash
        real_replace(src, dst)

    monkeypatch.setattr(store.os, "replace", crash_on_text)
    with pytest.raises(Crash):
        store.add_document(corpus, prepared())
    monkeypatch.setattr(store.os, "replace", real_replace)
    assert snapshot(corpus) == before
    assert len(load_corpus(corpus)) == 5
    assert lock_is_free(corpus)
    # a temporary file left by a hard kill is ignored by the loader; the next add
    # (holding the lock, so no write is in flight) deletes it
    (corpus / ".005_x.txt.1234abcd.part").write_text("half an artic", encoding="utf-8")
    assert len(load_corpus_safe(corpus).documents) == 5
    assert store.add_document(corpus, prepared()).doc_id.startswith("005_")
    assert store_files.leftover_partials(corpus) == []
    assert not (corpus / store_journal.JOURNAL_NAME).exists()


def test_failure_writing_sources_csv_rolls_back_the_text_file(corpus, monkeypatch):
    before = snapshot(corpus)
    real_replace = os.replace

    def fail_on_csv(src, dst):
        if str(dst).endswith("sources.csv"):
            raise OSError(28, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(store.os, "replace", fail_on_csv)
    with pytest.raises(ingest.IngestError) as info:
        store.add_document(corpus, prepared())
    assert info.value.kind == "storage" and "nothing was added" in str(info.value)
    monkeypatch.setattr(store.os, "replace", real_replace)
    after = snapshot(corpus)
    after.pop("sources.csv.bak", None)  # the backup copy of the unchanged table
    assert after == before


def test_crash_between_text_and_table_keeps_every_document(corpus, monkeypatch):
    before = snapshot(corpus)

    def crash(_table):
        raise Crash

    monkeypatch.setattr(store, "write_sources_table", crash)
    with pytest.raises(Crash):
        store.add_document(corpus, prepared())
    state = load_corpus_safe(corpus)
    assert len(state.documents) == 6  # the new text is there, with blank metadata
    assert (corpus / "sources.csv").read_bytes() == before["sources.csv"]
    assert all(before[name] == (corpus / name).read_bytes() for name in before)


# ------------------------------------------------------------- bad sources.csv

#: Columns of the seeds' sources.csv header (the ragged-row message names this number).
SEED_COLUMNS = len(ORIGINAL_HEADER.split(","))
BAD_CSVS = {
    "wrong header": (b"name,path,title\nx,y,z\n", "lacks column(s) id, file"),
    "duplicate ids": (None, "duplicate id '000_ff7e4afae1350b38'"),
    "ragged row": (None, f"fields but the header has {SEED_COLUMNS} (ragged row)"),
    "not utf-8": (None, "is not UTF-8"),
    "broken quoting": (None, "is not valid CSV"),
    "duplicate column": (b"id,file,title,author,outlet,date,url,basis,title\n", "repeats column"),
    "empty": (b"", "is empty"),
}


def break_csv(path: Path, how: str) -> None:
    good = path.read_bytes()
    lines = good.split(b"\n")
    fixed = BAD_CSVS[how][0]
    if fixed is not None:
        path.write_bytes(fixed)
    elif how == "duplicate ids":
        path.write_bytes(good + lines[1] + b"\n")
    elif how == "ragged row":
        path.write_bytes(good + b"999_x,999_x.txt,short row\n")
    elif how == "not utf-8":
        path.write_bytes(good + "999_x,999_x.txt,Нахичевань,,,,,\n".encode("cp1251"))
    elif how == "broken quoting":
        path.write_bytes(good + b'999_x,999_x.txt,"Unclosed "quote" here,,,,,\n')


@pytest.mark.parametrize("how", list(BAD_CSVS))
def test_bad_sources_csv_is_never_written_and_corpus_still_loads(corpus, how):
    csv_path = corpus / "sources.csv"
    break_csv(csv_path, how)
    before = snapshot(corpus)
    with pytest.raises(store.SourcesCsvError) as info:
        store.add_document(corpus, prepared())
    message = str(info.value)
    assert message.startswith("sources.csv: ") and BAD_CSVS[how][1] in message
    assert "was not changed" in message
    assert snapshot(corpus) == before  # nothing written, nothing truncated
    with pytest.raises(store.SourcesCsvError):
        store.remove_document(corpus, "000_ff7e4afae1350b38")
    assert snapshot(corpus) == before
    state = load_corpus_safe(corpus)
    assert len(state.documents) == 5
    assert all(d.title == "" and d.outlet == "" for d in state.documents)
    assert BAD_CSVS[how][1] in state.sources_problem and "blank metadata" in state.sources_problem


def test_csv_with_bom_and_extra_columns_is_accepted_and_extra_columns_kept(corpus):
    csv_path = corpus / "sources.csv"
    lines = csv_path.read_text(encoding="utf-8").split("\n")
    lines = [lines[0] + ",notes"] + [ln + ",kept note" for ln in lines[1:] if ln]
    csv_path.write_bytes(b"\xef\xbb\xbf" + "\n".join(lines).encode("utf-8") + b"\n")
    store.add_document(corpus, prepared())
    table = store.read_sources_table(corpus)
    assert table.header[-1] == "notes" or "notes" in table.header
    assert table.rows[0]["notes"] == "kept note" and table.rows[-1]["notes"] == ""


def test_unreadable_article_file_is_skipped_with_a_message(corpus):
    (corpus / "zz_bad.txt").write_bytes("Нахичевань".encode("cp1251"))
    state = load_corpus_safe(corpus)
    assert len(state.documents) == 5
    assert state.problems == ["zz_bad.txt: not valid UTF-8 (byte offset 0); skipped"]


# ------------------------------------------------------------ concurrency, misc


def test_concurrent_adds_get_distinct_ids_and_a_valid_table(corpus):
    texts = [f"{ARTICLE}\nVariant number {i} mentions Ordubad and Julfa." for i in range(6)]
    errors: list[BaseException] = []

    def add(text: str) -> None:
        try:
            store.add_document(corpus, prepared(text))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=add, args=(t,)) for t in texts]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    table = store.read_sources_table(corpus)
    assert len(table.rows) == 11 and len(table.ids()) == 11
    assert len(load_corpus(corpus)) == 11


def test_folder_signature_changes_on_add_and_remove(corpus):
    s0 = store.folder_signature(corpus)
    assert store.folder_signature(corpus) == s0
    result = store.add_document(corpus, prepared())
    s1 = store.folder_signature(corpus)
    store.remove_document(corpus, result.doc_id)
    assert len({s0, s1, store.folder_signature(corpus)}) == 3


def test_next_doc_id_follows_the_seed_numbering():
    assert store.next_doc_id({"004_aa", "010_bb", "x"}, "f" * 64) == "011_ffffffffffffffff"
    assert store.next_doc_id(set(), "0" * 64) == "000_0000000000000000"


def test_corpus_zip_holds_folder_and_session_documents(corpus):
    p = prepared()
    row = store.new_row(p, {"outlet": "Session Post"}, "005_" + p.sha256[:16])
    data = store.corpus_zip(corpus, [(row, p.text)])
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = set(zf.namelist())
        assert {f"corpus/{f.name}" for f in corpus.glob("*.txt")} <= names
        assert f"corpus/{row['file']}" in names
        out = Path(corpus.parent / "unzipped")
        zf.extractall(out)
    docs = load_corpus(out / "corpus")
    assert len(docs) == 6 and docs[-1].outlet == "Session Post" and docs[-1].text == ARTICLE


def test_corpus_zip_with_a_bad_sources_csv_keeps_its_bytes(corpus):
    break_csv(corpus / "sources.csv", "ragged row")
    with zipfile.ZipFile(io.BytesIO(store.corpus_zip(corpus))) as zf:
        assert zf.read("corpus/sources.csv.unreadable") == (corpus / "sources.csv").read_bytes()


# --------------------------------------------------------------- storage mode


def test_storage_mode_from_environment(tmp_path, monkeypatch):
    monkeypatch.setenv(store.STORAGE_ENV, "session")
    assert store.storage_mode(tmp_path).mode == "session"
    monkeypatch.setenv(store.STORAGE_ENV, "LOCAL")
    assert store.storage_mode(tmp_path).mode == "local"
    monkeypatch.setenv(store.STORAGE_ENV, "disk")
    decision = store.storage_mode(tmp_path)
    assert decision.mode == "session" and "'disk' is not 'local' or 'session'" in decision.reason


def test_storage_mode_default_heuristic(tmp_path, monkeypatch):
    monkeypatch.delenv(store.STORAGE_ENV, raising=False)
    assert store.storage_mode(tmp_path) == store.StorageDecision(
        "local", f"the corpus folder {tmp_path.name}/ is writable"
    )
    monkeypatch.setattr(store, "REPO_ROOT", Path("/mount/src/corridors-atlas"))
    decision = store.storage_mode(tmp_path)
    assert decision.mode == "session" and "Community Cloud" in decision.reason
    monkeypatch.setattr(store, "REPO_ROOT", REPO_ROOT)
    monkeypatch.setattr(store.os, "access", lambda path, mode: False)
    decision = store.storage_mode(tmp_path)
    assert decision.mode == "session" and "not writable" in decision.reason


# ------------------------------------------------------------------------ CLI


def test_cli_add_reports_each_file_and_exit_code(corpus, tmp_path, capsys):
    good = tmp_path / "good.md"
    good.write_text("# Julfa bridge\n\n" + ARTICLE, encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    big = tmp_path / "big.txt"
    big.write_bytes(b"Meghri " * 200_000)
    code = cli_main(
        [
            "add",
            str(good),
            str(empty),
            str(big),
            "--outlet",
            "CLI Weekly",
            "--date",
            "2025-01-31",
            "--max-mb",
            "1",
        ]
    )
    out, err = capsys.readouterr()
    assert code == 1
    assert "added good.md as 005_" in out and '"Julfa bridge"' in out
    assert "rejected empty.txt: is empty" in err
    assert "rejected big.txt: is larger than the limit of 1.0 MB" in err
    docs = load_corpus(corpus)
    assert len(docs) == 6 and docs[-1].outlet == "CLI Weekly" and docs[-1].title == "Julfa bridge"

    assert cli_main(["add", str(good)]) == 1
    assert "duplicate" in capsys.readouterr().err
    assert cli_main(["add", str(good), str(empty), "--title", "T"]) == 2
    for bad in ("-1", "0", "nan", "inf", "lots"):
        assert cli_main(["add", str(good), "--max-mb", bad]) == 2
        assert "--max-mb" in capsys.readouterr().err
    assert cli_main(["remove", docs[-1].doc_id]) == 0
    assert len(load_corpus(corpus)) == 5
    assert cli_main(["remove", "missing_id"]) == 1
    assert "missing_id: no such document" in capsys.readouterr().err
