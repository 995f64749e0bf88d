"""A file's codebook into the project: a code the project has (by GUID, then by name) is
used as it is, a new one is added under its parent; a name two codes share is told apart
by the parent's name.

Set-based: the project's codes are read once, matching is done in memory, and the new
codes are inserted one level of the tree at a time (a child needs its parent's id).
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select

from ..coding.palette import next_colour
from ..store import Writer
from ..store.clock import now
from ..store.schema import codes
from .refi_details import store_code_details
from .refi_model import RefiCode, RefiProject
from .refi_report import RefiImportReport


def import_codes(writer: Writer, project: RefiProject, report: RefiImportReport) -> dict[str, int]:
    """{file's code guid: project code id} for every code in the file."""
    stored = writer.conn.execute(select(codes.c.id, codes.c.name, codes.c.guid, codes.c.definition, codes.c.colour)).all()
    by_guid = {row.guid: row for row in stored if row.guid}
    by_name = {row.name: row for row in stored}
    taken_names = set(by_name)
    colours = [row.colour for row in stored]
    colour_of = {row.id: row.colour for row in stored}
    names = {code.guid: code.name for code in project.codes}
    code_ids: dict[str, int] = {}
    claimed: set[int] = set()
    new_by_depth: dict[int, list[tuple[RefiCode, dict]]] = defaultdict(list)
    depth: dict[str, int] = {}
    new_colour: dict[str, str] = {}
    for code in project.codes:  # parents come first
        existing = by_guid.get(code.guid)
        if existing is None:
            existing = by_name.get(code.name)
            existing = existing if existing is not None and existing.id not in claimed else None
        if existing is not None:
            claimed.add(existing.id)
            code_ids[code.guid] = existing.id
            report.already["codes"] += 1
            _compare(report, code, existing)
            continue
        name = _free_name(taken_names, report, code.name, names.get(code.parent_guid))
        taken_names.add(name)
        colour = code.colour
        if colour is None and code.parent_guid is not None:  # a child without a colour takes its parent's
            colour = new_colour.get(code.parent_guid) or colour_of.get(code_ids.get(code.parent_guid))
        colour = colour or next_colour(colours)
        colours.append(colour)
        new_colour[code.guid] = colour
        depth[code.guid] = depth.get(code.parent_guid, -1) + 1 if code.parent_guid in depth else 0
        guidance = project.extras.code_guidance.get(code.guid, {})
        new_by_depth[depth[code.guid]].append((code, {
            "name": name, "definition": code.description, "when_to_use": guidance.get("when_to_use", ""),
            "when_not_to_use": guidance.get("when_not_to_use", ""), "colour": colour, "archived": False,
            "created_by": writer.member_id, "created_at": now(), "guid": code.guid,
        }))
    details = []
    for level in sorted(new_by_depth):
        level_codes = new_by_depth[level]
        rows = [{**row, "parent_id": code_ids.get(code.parent_guid)} for code, row in level_codes]
        for (code, _), code_id in zip(level_codes, writer.insert_many(codes, rows, "code.create")):
            code_ids[code.guid] = code_id
            details.append({"code_id": code_id, "codable": code.codable, "colour_given": code.colour is not None})
    report.codes += len(details)
    store_code_details(writer, details)
    return code_ids


def _compare(report: RefiImportReport, code: RefiCode, existing) -> None:
    if existing.name != code.name:
        report.conflict(f"the code '{existing.name}' is called '{code.name}' in the file; it keeps its name here")
    if code.description.strip() and existing.definition.strip() and code.description.strip() != existing.definition.strip():
        report.conflict(f"the code '{existing.name}' has another definition in the file; the project's is kept "
                        f"(the file's: \"{code.description.strip()[:200]}\")")


def _free_name(taken: set[str], report: RefiImportReport, name: str, parent_name: str | None) -> str:
    candidate, number = name, 1
    if candidate in taken and parent_name:
        candidate = f"{name} ({parent_name})"
    while candidate in taken:
        number += 1
        candidate = f"{name} ({parent_name or ''} {number})".replace("( ", "(")
    if candidate != name:
        report.warnings.append(f"adjusted: more than one code is called '{name}'; the one under '{parent_name}' "
                               f"is called '{candidate}' here")
    return candidate
