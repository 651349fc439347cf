"""The errors of reading and adding documents, shared by the corpus, ingest and store modules.

:class:`CorpusError` -- a file cannot be read as a document; :class:`IngestError` -- an
incoming article (or a change to the corpus folder) was refused, with a machine-readable
``kind``.
"""

from __future__ import annotations

from pathlib import Path


class CorpusError(Exception):
    """A corpus file cannot be read as a text document.

    Parameters
    ----------
    path
        The offending file (or a pseudo-name for in-memory text).
    problem
        Human-readable description of the problem.
    """

    def __init__(self, path: Path | str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = Path(path)
        self.problem = problem

    def __reduce__(self) -> tuple:
        """Pickle by the constructor's arguments (cached loads are pickled)."""
        return type(self), (self.path, self.problem)


class IngestError(CorpusError):
    """An incoming article was rejected.

    Parameters
    ----------
    path
        The file name as given by the analyst (or ``"pasted text"``).
    problem
        What is wrong, in plain words.
    kind
        Machine-readable reason: ``too_large``, ``empty``, ``binary``, ``encoding``,
        ``unsupported``, ``no_text``, ``bad_pdf``, ``bad_metadata``, ``duplicate``,
        ``sources_csv``, ``storage``, ``unreadable``, ``not_found``.
    """

    def __init__(self, path: Path | str, problem: str, kind: str) -> None:
        super().__init__(Path(str(path)).name or str(path), problem)
        self.kind = kind
        self.name = Path(str(path)).name or str(path)

    def __reduce__(self) -> tuple:
        """Pickle by the constructor's arguments."""
        return type(self), (self.name, self.problem, self.kind)

    def __str__(self) -> str:
        return f"{self.name}: {self.problem}"
