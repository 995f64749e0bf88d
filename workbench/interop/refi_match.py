"""Which of a file's sources the project holds already: by GUID, then by text.

A partner who coded offline sends back an export of the same documents. Those are the
project's own documents when the GUID names one with the same text, or, failing that,
when a document has the same text (another tool may have given new GUIDs). Line ends
may have changed on the way (NVivo for Windows writes CRLF): texts that differ only in
CRLF versus LF match, and the file's offsets are carried across to the project's text.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sqlalchemy import func, select

from ..store.schema import documents
from .refi_model import RefiSource
from .refi_positions import CountedText, Reading

_LINE_ENDS_AS_ONE = Reading("characters", "crlf as one")
_CHUNK = 500


@dataclass
class Match:
    document_id: int
    name: str
    how: str  # "id" or "text"
    theirs: np.ndarray | None = None  # their offsets -> line-end-free offsets; None when the texts are identical
    ours: np.ndarray | None = None  # our offsets -> line-end-free offsets

    def to_ours(self, offsets: list[int]) -> list[int]:
        if self.theirs is None:
            return list(offsets)
        return np.searchsorted(self.ours, self.theirs[np.asarray(offsets, dtype=np.int64)], side="left").tolist()


def line_key(text: str) -> str:
    return text.replace("\r\n", "\n")


def match_documents(conn, sources: list[RefiSource]) -> tuple[dict[str, Match], dict[str, str]]:
    """{source guid: Match} for sources the project holds, and {source guid: document name}
    for sources whose GUID names a project document holding another text."""
    by_guid = {}
    guids = [source.guid for source in sources]
    for chunk in _chunks(guids):
        for row in conn.execute(select(documents.c.id, documents.c.name, documents.c.text, documents.c.guid)
                                .where(documents.c.guid.in_(chunk))):
            by_guid.setdefault(row.guid, row)
    lengths = sorted({len(line_key(source.text)) for source in sources})
    by_key: dict[str, object] = {}
    key_length = func.length(func.replace(documents.c.text, "\r\n", "\n"))
    for chunk in _chunks(lengths):
        for row in conn.execute(select(documents.c.id, documents.c.name, documents.c.text)
                                .where(key_length.in_(chunk)).order_by(documents.c.id)):
            by_key.setdefault(line_key(row.text), row)
    matches, conflicts, taken = {}, {}, set()
    for source in sources:
        key = line_key(source.text)
        row = by_guid.get(source.guid)
        how = "id"
        if row is None or line_key(row.text) != key:
            if row is not None:
                conflicts[source.guid] = row.name
            row, how = by_key.get(key), "text"
        if row is None or row.id in taken or not source.text.strip():
            continue
        taken.add(row.id)
        conflicts.pop(source.guid, None)
        matches[source.guid] = _match(row, how, source.text)
    return matches, conflicts


def _match(row, how: str, their_text: str) -> Match:
    if row.text == their_text:
        return Match(row.id, row.name, how)
    return Match(row.id, row.name, how, CountedText(their_text, _LINE_ENDS_AS_ONE).bounds,
                 CountedText(row.text, _LINE_ENDS_AS_ONE).bounds)


def _chunks(values: list):
    for start in range(0, len(values), _CHUNK):
        yield values[start:start + _CHUNK]
