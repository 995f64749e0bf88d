"""Each widget's view as one ESM string: the shared DOM helper (static/dom.js) in front
of the view's own file, because anywidget loads each ESM on its own."""

from __future__ import annotations

from pathlib import Path

STATIC = Path(__file__).resolve().parent.parent / "static"


def view(name: str) -> str:
    """The ESM for `static/<name>`, with the shared helper first."""
    return (STATIC / "dom.js").read_text(encoding="utf-8") + (STATIC / name).read_text(encoding="utf-8")
