"""Sources page sections: storage notice, add form and its confirmation, document list, removal.

The pure parts (which input was given, the confirmation's HTML, the rows of the document
list, which documents can be changed here) are plain functions, testable without AppTest;
the rest renders them and calls :mod:`dashboard.ui.sources_state`.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from dashboard.core.corpus import citation, ingest, roles, store, store_files
from dashboard.core.corpus.loader import CorpusState, Document
from dashboard.core.paths import seeds_dir
from dashboard.core.text.htmlsafe import escape_markdown, escape_text
from dashboard.ui import auth, session
from dashboard.ui import sources_state as sources

COLUMNS = ["id", "title", "outlet", "date", "date_basis", "file", "stored"]
ADDED_CSS = """<style>
.atlas-added{border-left:4px solid #2e7d32;padding:4px 12px;margin:6px 0 12px 0}
.atlas-added ul{margin:2px 0 4px 0;columns:2}
.atlas-added .atlas-meta{color:#666;font-size:.85rem}
</style>"""


@dataclass(frozen=True)
class AddInput:
    """What the add form was given when it was submitted.

    Attributes
    ----------
    name, data
        The uploaded file's name and bytes (``data`` is ``None`` without a file).
    pasted
        The pasted text.
    meta
        ``title``, ``outlet``, ``author``, ``date``, ``url`` as typed.
    """

    name: str
    data: bytes | None
    pasted: str
    meta: dict[str, str]


def input_problem(given: AddInput) -> str:
    """Return why the submitted form cannot be added ("" when it can)."""
    if given.data is None and not given.pasted.strip():
        return "Choose a file or paste the text of an article."
    if given.data is not None and given.pasted.strip():
        return "Give either a file or pasted text, not both."
    return ""


def prepare(given: AddInput) -> ingest.Prepared:
    """Check and extract the given file or pasted text (raises :class:`IngestError`)."""
    if given.data is not None:
        return ingest.prepare_file(given.data, given.name)
    return ingest.prepare_text(given.pasted)


def added_html(report: sources.AddReport) -> str:
    """Return the confirmation of an add as HTML (every value from the source escaped)."""
    where = "saved to the corpus folder" if report.where == "local" else "kept in this session"
    items = "".join(
        f'<li class="atlas-added-place">{escape_markdown(name)} ({escape_markdown(kind)}): '
        f"{n} mention{'s' if n != 1 else ''}</li>"
        for name, kind, n in report.places
    )
    corridors = ", ".join(escape_markdown(c) for c in report.corridors) or "none"
    notes = "".join(f'<p class="atlas-meta">{escape_markdown(n)}</p>' for n in report.notes)
    return (
        f'<div class="atlas-added" data-doc-id="{escape_text(report.doc_id)}">'
        f'<p><b>Added</b> “<span class="atlas-added-title">{escape_markdown(report.title)}</span>” '
        f"as <code>{escape_markdown(report.file)}</code>, {where}.</p>"
        f'<p class="atlas-meta">{escape_markdown(report.extraction)} · '
        f"{report.n_chars:,} characters · checked, stored and geoparsed in "
        f"{report.seconds:.1f} s</p>{notes}"
        f"<p>{len(report.places)} place(s) found — they are on the Map page, in its evidence "
        f"panel and in the Reader:</p><ul>{items or '<li>none</li>'}</ul>"
        f"<p>Corridors mentioned: {corridors}</p>{_dated_html(report)}</div>"
    )


def _dated_html(report: sources.AddReport) -> str:
    """Return the confirmation's line on the publication date, its basis, author, outlet."""
    when = escape_text(report.date) if report.date else "<i>undated</i>"
    who = " · ".join(escape_text(v) for v in (report.author, report.outlet) if v)
    return (f'<p class="atlas-added-date">Published: {when} '
            f'<span class="atlas-meta">({escape_text(report.date_basis)})</span>'
            + (f" · {who}" if who else "") + "</p>")


def document_rows(folder_docs: Sequence[Document],
                  session_docs: Sequence[Document]) -> list[dict[str, str]]:
    """Return one row per document for the list (folder documents first)."""
    return [
        {"id": d.doc_id, "title": citation.label(vars(d), d.text), "outlet": d.outlet,
         "date": d.date or "undated", "date_basis": d.date_basis, "file": d.file,
         "stored": stored}
        for docs, stored in ((folder_docs, "corpus folder"), (session_docs, "this session"))
        for d in docs
    ]


def changeable(mode: str, folder_docs: Sequence[Document],
               session_docs: Sequence[Document]) -> list[str]:
    """Return the ids that can be edited or removed here: the folder's only in local mode."""
    folder_ids = [d.doc_id for d in folder_docs] if mode == "local" else []
    return folder_ids + [d.doc_id for d in session_docs]


def storage_notice(decision: store.StorageDecision, folder: CorpusState,
                   can_download: bool = True) -> None:
    """Say where added documents go, and what could not be loaded."""
    if decision.mode == "session":
        keep = ("use **Download the corpus** below to keep them, and add them to the corpus "
                "folder of a local copy." if can_download else
                "keep your own copies of the files you add (the corpus download is for admins).")
        st.info(
            "Documents you add here are kept **in this browser session only** ("
            + escape_markdown(decision.reason)
            + "). They are lost when the session ends or the app restarts: " + keep,
            icon=":material/cloud_off:",
        )
    else:
        st.caption(
            "Added documents are saved in the corpus folder "
            f"“{escape_markdown(seeds_dir().name)}/” as UTF-8 text and recorded in sources.csv."
        )
    for problem in [folder.sources_problem, *folder.problems]:
        if problem:
            st.warning(escape_markdown(problem), icon=":material/warning:")


def add_form() -> AddInput | None:
    """Render the "Add an article" form; return what was submitted (``None``: nothing)."""
    gen = st.session_state.get(session.FORM_GENERATION, 0)
    limit_note, upload_mb = "", None
    try:
        upload_mb = ingest.uploader_limit_mb(ingest.max_bytes())
        limit_note = f"; up to {ingest.max_bytes() / ingest.MB:g} MB"
    except ValueError as exc:
        st.error(escape_markdown(str(exc)))
    with st.form(f"atlas_add_source_{gen}"):
        upload = st.file_uploader(
            f"Article file (.txt, .md, .html, .pdf{limit_note})",
            type=["txt", "md", "markdown", "html", "htm", "pdf"], key=f"w_src_file_{gen}",
            max_upload_size=upload_mb,
            help="HTML pages are reduced to their main text; PDFs need a text layer.",
        )
        pasted = st.text_area("…or paste the article text", key=f"w_src_paste_{gen}", height=150)
        col1, col2 = st.columns(2)
        meta = {"title": col1.text_input("Title", key=f"w_src_title_{gen}",
                                         placeholder="taken from the document when empty"),
                "outlet": col2.text_input("Outlet", key=f"w_src_outlet_{gen}"),
                "author": col1.text_input("Author", key=f"w_src_author_{gen}"),
                "date": col2.text_input("Date", key=f"w_src_date_{gen}", placeholder="YYYY-MM-DD"),
                "url": st.text_input("URL", key=f"w_src_url_{gen}", placeholder="https://…"),
                "licence": st.text_input("Licence", key=f"w_src_licence_{gen}",
                                         placeholder="e.g. CC BY 4.0")}
        st.caption("Date left empty: taken from the page's metadata, a date in the URL or a "
                   "dateline in the text, in that order; otherwise the article is undated.")
        if not st.form_submit_button("Add to the corpus", type="primary"):
            return None
    if upload is None:
        return AddInput("pasted text", None, pasted, meta)
    return AddInput(upload.name, upload.getvalue(), pasted, meta)


def run_add(given: AddInput) -> None:
    """Check, store and geoparse the submitted article, showing progress; rerun on success."""
    started = time.perf_counter()
    problem = input_problem(given)
    if problem:
        st.session_state.pop(session.LAST_ADDED, None)
        st.error(problem)
        return
    name = escape_markdown(given.name)
    with st.status(f"Adding {name}…", expanded=True) as status:
        try:
            status.write("Checking the file and extracting its text…")
            prepared = prepare(given)
            status.write(f"{len(prepared.text):,} characters extracted "
                         f"({escape_markdown(prepared.extraction)}); saving and geoparsing…")
            report = sources.add(prepared, given.meta, started)
        except (ingest.IngestError, ValueError) as exc:
            rejection = str(exc)
        except Exception as exc:  # noqa: BLE001 - the app must survive any input
            rejection = (f"{given.name}: could not be processed "
                         f"({type(exc).__name__}: {exc}); nothing was added")
        else:
            status.update(label=f"Added {name}", state="complete")
            st.session_state[session.LAST_ADDED] = report
            st.session_state[session.FORM_GENERATION] = (
                st.session_state.get(session.FORM_GENERATION, 0) + 1)
            st.rerun()
        status.update(label=f"Not added: {name}", state="error", expanded=False)
    # in full, under the form; the previous "Added …" is no longer news
    st.session_state.pop(session.LAST_ADDED, None)
    st.error(f"**Not added.** {escape_markdown(rejection)}", icon=":material/block:")


def confirmation() -> None:
    """Show the latest add's confirmation, then the latest removal's message (once)."""
    report = st.session_state.get(session.LAST_ADDED)
    if report is not None:
        st.markdown(ADDED_CSS, unsafe_allow_html=True)
        st.markdown(added_html(report), unsafe_allow_html=True)
    flash = st.session_state.pop(session.SOURCES_FLASH, None)
    if flash:
        st.success(escape_markdown(flash))


def viewer_notice(access: roles.Access) -> None:
    """Say why this session cannot change the corpus, and how it could (a login button)."""
    logged_out = access.reason == "not logged in"
    how = (" Log in with an address listed as an editor to add, edit or remove sources."
           if logged_out else "")
    st.info(f"You are a **viewer** ({escape_markdown(access.reason)}): you can read the corpus "
            f"and export, but not change it.{how}", icon=":material/visibility:")
    if logged_out:
        auth.login_button("w_auth_login_sources")


def document_list(rows: list[dict[str, str]], download: bool = True) -> None:
    """Show the documents and, when ``download`` (admins), the corpus download."""
    st.dataframe(pd.DataFrame(rows, columns=COLUMNS), hide_index=True, width="stretch")
    if not download:
        return
    st.download_button(
        "Download the corpus (.zip)", data=sources.download_bytes(),
        file_name="atlas-corpus.zip", mime="application/zip",
        help="All article files plus sources.csv; unzip and point ATLAS_SEEDS_DIR at the folder.",
    )


def remover(removable: list[str], titles: dict[str, str]) -> None:
    """Render the "Remove a document" section (a choice, a confirmation tick, a button)."""
    with st.expander("Remove a document"):
        if not removable:
            st.caption("Nothing to remove: the corpus folder cannot be changed from this app "
                       "here, and no document was added in this session.")
            return
        rgen = st.session_state.get(session.REMOVE_GENERATION, 0)
        choice = st.selectbox("Document", removable, index=None, key=f"w_src_remove_{rgen}",
                              format_func=lambda i: f"{i} — {titles.get(i, '')}")
        confirm = st.checkbox("Yes, take it out of the corpus", key=f"w_src_confirm_{rgen}")
        if st.button("Remove", disabled=not (choice and confirm)):
            try:
                where = sources.remove(choice)
            except ingest.IngestError as exc:
                st.error(escape_markdown(str(exc)))
                return
            st.session_state[session.SOURCES_FLASH] = f"Removed {choice} from {where}."
            st.session_state[session.REMOVE_GENERATION] = rgen + 1  # fresh, unticked widgets
            last = st.session_state.get(session.LAST_ADDED)
            if last is not None and last.doc_id == choice:
                del st.session_state[session.LAST_ADDED]
            st.rerun()


def leftovers_note(mode: str) -> None:
    """Mention temporary files an interrupted write left in the folder (local mode)."""
    leftovers = store_files.leftover_partials(seeds_dir()) if mode == "local" else []
    if leftovers:
        st.caption(
            f"{len(leftovers)} temporary file(s) from an interrupted write are in the corpus "
            "folder; they are ignored and can be deleted."
        )
