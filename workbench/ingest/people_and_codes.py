"""Participant attributes and codebooks from CSV/XLSX."""

from __future__ import annotations

import re

from ..errors import ImportProblem
from .model import ParsedCode, ParsedImport, ParsedParticipant
from .tables import find_column, read_table, spreadsheet_row

HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
CONSENT = {"given": "given", "yes": "given", "withdrawn": "withdrawn", "no": "withdrawn", "unknown": "unknown", "": "given"}


def parse_participants(data: bytes, filename: str, *, sheet: str | None = None) -> ParsedImport:
    frame, warnings = read_table(data, filename, sheet)
    name_col = find_column(frame, filename, "pseudonym", None, ("pseudonym", "participant", "case"))
    consent_col = find_column(frame, filename, "consent", None, ("consent",), required=False)
    result = ParsedImport(filename=filename, warnings=warnings)
    seen: set[str] = set()
    for index, row in frame.iterrows():
        pseudonym = row[name_col]
        if not pseudonym:
            raise ImportProblem(filename, f"row {spreadsheet_row(index)} has no pseudonym.", "Fill it in or delete the row.")
        if pseudonym in seen:
            raise ImportProblem(filename, f"lists '{pseudonym}' twice.", "Keep one row per participant.")
        seen.add(pseudonym)
        consent = row[consent_col].lower() if consent_col else ""
        if consent not in CONSENT:
            raise ImportProblem(filename, f"row {spreadsheet_row(index)}: consent '{row[consent_col]}' is not understood.",
                                "Use given, withdrawn or unknown.")
        attributes = {c: row[c] for c in frame.columns if c not in (name_col, consent_col) and row[c]}
        result.participants.append(ParsedParticipant(pseudonym, attributes, CONSENT[consent]))
    return result


def parse_codebook(data: bytes, filename: str, *, sheet: str | None = None) -> ParsedImport:
    frame, warnings = read_table(data, filename, sheet)
    column = {
        key: find_column(frame, filename, key, None, names, required=(key == "name"))
        for key, names in {
            "name": ("code", "name", "code name"),
            "parent": ("parent", "parent code"),
            "definition": ("definition", "description"),
            "when_to_use": ("when_to_use", "when to use", "use when"),
            "when_not_to_use": ("when_not_to_use", "when not to use", "do not use when"),
            "colour": ("colour", "color"),
        }.items()
    }
    result = ParsedImport(filename=filename, warnings=warnings)
    names = set()
    for index, row in frame.iterrows():
        values = {key: (row[col] if col else "") for key, col in column.items()}
        if not values["name"]:
            raise ImportProblem(filename, f"row {spreadsheet_row(index)} has no code name.", "Fill it in or delete the row.")
        if values["name"] in names:
            raise ImportProblem(filename, f"lists the code '{values['name']}' twice.", "Keep one row per code.")
        names.add(values["name"])
        if values["colour"] and not HEX_COLOUR.match(values["colour"]):
            raise ImportProblem(filename, f"row {spreadsheet_row(index)}: '{values['colour']}' is not a colour like #0072B2.",
                                "Use a six-digit hex colour or leave the cell empty.")
        result.codes.append(ParsedCode(values["name"], values["parent"] or None, values["definition"],
                                       values["when_to_use"], values["when_not_to_use"], values["colour"] or None))
    return result
