"""The details of codes and sources that travel with an exchange file: whether a code can
be coded with, whether the file gave it a colour, a source's description and REFI type,
and a document kind that fits a source the file does not label."""

from __future__ import annotations

import re

from sqlalchemy import select

from ..errors import ImportProblem
from ..ingest.turns import split_turns
from ..store import Writer
from ..store.schema_exchange import code_exchange, document_exchange

_FOCUS_GROUP = re.compile(r"focus[\s_-]*group|\bfg\d*\b", re.IGNORECASE)
_INTERVIEW = re.compile(r"interview|transcript|\bint\d*\b", re.IGNORECASE)


def fitting_kind(name: str, text: str) -> str:
    """The kind the workbench's own text import would give: speaker turns make an
    interview (three or more speakers a focus group), a telling name decides too."""
    if _FOCUS_GROUP.search(name):
        return "focus group"
    try:
        speakers = {turn.speaker for turn in split_turns(text.split("\n"), name) if turn.speaker}
    except ImportProblem:  # an odd time in a label; the text is kept as it is
        speakers = set()
    if len(speakers) >= 3:
        return "focus group"
    if speakers or _INTERVIEW.search(name):
        return "interview"
    return "notes"


def store_code_details(writer: Writer, rows: list[dict]) -> None:
    """rows: code_id, codable, colour_given; only codes that differ from the defaults."""
    rows = [row for row in rows if not (row["codable"] and row["colour_given"])]
    writer.insert_many(code_exchange, rows, action=None)


def store_document_details(writer: Writer, rows: list[dict]) -> None:
    """rows: document_id, description, source_type; only documents that have either."""
    rows = [row for row in rows if row["description"] or row["source_type"] != "TextSource"]
    writer.insert_many(document_exchange, rows, action=None)


def code_details(conn) -> dict[int, tuple[bool, bool]]:
    """code id -> (codable, colour given), for codes that differ from the defaults."""
    return {row.code_id: (row.codable, row.colour_given) for row in conn.execute(select(code_exchange))}


def document_details(conn) -> dict[int, tuple[str, str]]:
    """document id -> (description, source type)."""
    return {row.document_id: (row.description, row.source_type) for row in conn.execute(select(document_exchange))}
