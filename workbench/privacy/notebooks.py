"""Withdrawal reaches notebooks too (issue 18): a notebook saved with outputs, or its
checkpoint, may hold a withdrawn participant's words shown in a table or a widget.

Before the words are erased from the project they are turned into fingerprints (runs
of eight words, or a whole short turn); afterwards every notebook and checkpoint under
the working folder is searched for them. Outputs and widget state are removed from
those that hold any (outputs can be made again by running the notebook); any whose
cells themselves still hold the words are listed for the team to edit by hand.
"""

from __future__ import annotations

import html
import json
import os
import re
from pathlib import Path

from sqlalchemy import select

from ..jupyter.strip_outputs import strip_notebook
from ..store.schema import documents, participants, segments

WINDOW = 8  # words in a fingerprint
SKIPPED_FOLDERS = {".venv", "venv", "node_modules", ".git", "__pycache__", "site-packages"}


def participant_words(conn, pseudonym: str) -> list[str]:
    """The text of every turn of `pseudonym`, read before it is erased."""
    rows = conn.execute(select(documents.c.text, segments.c.start, segments.c.end)
                        .join(segments, segments.c.document_id == documents.c.id)
                        .join(participants, participants.c.id == segments.c.participant_id)
                        .where(participants.c.pseudonym == pseudonym)).all()
    return [text[start:end] for text, start, end in rows]


def _normalised(text: str) -> str:
    return " ".join(re.findall(r"\w+", html.unescape(text).casefold()))


def fingerprints(turns: list[str]) -> set[str]:
    found = set()
    for turn in turns:
        words = _normalised(turn).split()
        if len(words) < 3:
            continue  # "Yes, dear." is everybody's
        if len(words) <= WINDOW:
            found.add(" ".join(words))
        for at in range(0, max(len(words) - WINDOW + 1, 0)):
            found.add(" ".join(words[at:at + WINDOW]))
    return found


def notebooks_under(folder: Path) -> list[Path]:
    found = []
    for root, folders, files in os.walk(folder):
        folders[:] = [name for name in folders if name not in SKIPPED_FOLDERS]
        found += [Path(root) / name for name in files if name.endswith(".ipynb")]
    return sorted(found)


def _holds(text: str, prints: set[str]) -> bool:
    flat = _normalised(text)
    return any(fingerprint in flat for fingerprint in prints)


def clean_notebooks(folder: Path, turns: list[str]) -> tuple[list[str], list[str]]:
    """(notebooks whose outputs held the words and were removed, notebooks whose cells
    still hold them): every .ipynb under `folder`, checkpoints included."""
    prints = fingerprints(turns)
    cleaned, to_edit = [], []
    if not prints:
        return cleaned, to_edit
    for path in notebooks_under(folder):
        try:
            raw = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        if not _holds(_decoded(raw), prints):
            continue
        try:
            notebook = strip_notebook(json.loads(raw))
        except ValueError:
            to_edit.append(str(path))  # not a notebook we can read: the team must look
            continue
        stripped = json.dumps(notebook, ensure_ascii=False, indent=1) + "\n"
        path.write_text(stripped, encoding="utf-8")
        cleaned.append(str(path))
        if _holds(_decoded(stripped), prints):
            to_edit.append(str(path))
    return cleaned, to_edit


def _decoded(raw: str) -> str:
    """A notebook's strings as they read, with JSON escapes (\\n, \\u00e9) undone."""
    try:
        return " ".join(_strings(json.loads(raw)))
    except ValueError:
        return raw


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
