"""Display names of corridor nodes: clean names for labels, notes kept in their own field.

The node data records *how* a point was placed inside its name ("Sadarak (rayon centre
point)", "PSG1 pump station (Gardabani, town point)", "Tbilisi (route reference)").
That is a coordinate-quality note, not a name: :func:`split_name` moves it out, and
:func:`label_text` shortens a name for a map label.
"""

from __future__ import annotations

import re

#: Parenthetical notes about how a point was placed (not part of the name).
_PLACEMENT = re.compile(
    r"\s*\(([^()]*\b(?:town point|centre point|center point|route reference)\b[^()]*)\)")
_PAREN = re.compile(r"\s*\([^()]*\)")


def split_name(raw: str) -> tuple[str, str]:
    """Split ``raw`` into the display name and a placement note (``""`` when none).

    >>> split_name("PSG1 pump station (Gardabani, town point)")
    ('PSG1 pump station', 'placed at Gardabani, town point')
    >>> split_name("Sadarak (rayon centre point)")
    ('Sadarak', 'placed at rayon centre point')
    >>> split_name("Astara (Iran)")
    ('Astara (Iran)', '')
    """
    notes = [m.group(1).strip() for m in _PLACEMENT.finditer(raw)]
    name = " ".join(_PLACEMENT.sub("", raw).split())
    return name, ("placed at " + "; ".join(notes)) if notes else ""


def label_text(raw: str) -> str:
    """Short label for a map: the display name without any parenthesis.

    >>> label_text("Julfa (Culfa, Azerbaijan)")
    'Julfa'
    >>> label_text("Ceyhan Marine Terminal (Ceyhan town point)")
    'Ceyhan Marine Terminal'
    """
    name, _ = split_name(raw)
    return " ".join(_PAREN.sub("", name).split()) or name
