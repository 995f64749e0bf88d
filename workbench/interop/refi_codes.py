"""A file's codebook into the project: a code the project has (by GUID, then by name) is
used as it is, a new one is added under its parent; a name two codes share is told apart
by the parent's name."""

from __future__ import annotations

from sqlalchemy import func, select

from ..coding.palette import next_colour
from ..store import Writer
from ..store.clock import now
from ..store.schema import codes
from .refi_details import store_code_details
from .refi_model import RefiProject
from .refi_report import RefiImportReport


def import_codes(writer: Writer, project: RefiProject, report: RefiImportReport) -> dict[str, int]:
    """{file's code guid: project code id} for every code in the file."""
    conn = writer.conn
    code_ids: dict[str, int] = {}
    claimed: set[int] = set()
    names = {code.guid: code.name for code in project.codes}
    colours = list(conn.execute(select(codes.c.colour)).scalars())
    details = []
    for code in project.codes:  # parents come first
        existing = conn.execute(select(codes.c.id, codes.c.name, codes.c.definition).where(codes.c.guid == code.guid)).first()
        if existing is None:
            existing = conn.execute(select(codes.c.id, codes.c.name, codes.c.definition).where(codes.c.name == code.name)).first()
            existing = existing if existing is not None and existing.id not in claimed else None
        if existing is not None:
            claimed.add(existing.id)
            code_ids[code.guid] = existing.id
            report.already["codes"] += 1
            _compare(report, code, existing)
            continue
        name = _free_code_name(conn, report, code.name, names.get(code.parent_guid))
        parent_id = code_ids.get(code.parent_guid)
        colour = code.colour
        if colour is None and parent_id is not None:
            colour = conn.execute(select(codes.c.colour).where(codes.c.id == parent_id)).scalar()
        colour = colour or next_colour(colours)
        colours.append(colour)
        guidance = project.extras.code_guidance.get(code.guid, {})
        code_id = writer.insert(codes, {
            "name": name, "parent_id": parent_id, "definition": code.description,
            "when_to_use": guidance.get("when_to_use", ""), "when_not_to_use": guidance.get("when_not_to_use", ""),
            "colour": colour, "archived": False, "created_by": writer.member_id,
            "created_at": now(), "guid": code.guid,
        }, "code.create")
        claimed.add(code_id)
        code_ids[code.guid] = code_id
        details.append({"code_id": code_id, "codable": code.codable, "colour_given": code.colour is not None})
        report.codes += 1
    store_code_details(writer, details)
    return code_ids


def _compare(report: RefiImportReport, code, existing) -> None:
    if existing.name != code.name:
        report.conflict(f"the code '{existing.name}' is called '{code.name}' in the file; it keeps its name here")
    if code.description.strip() and existing.definition.strip() and code.description.strip() != existing.definition.strip():
        report.conflict(f"the code '{existing.name}' has another definition in the file; the project's is kept "
                        f"(the file's: \"{code.description.strip()[:200]}\")")


def _free_code_name(conn, report: RefiImportReport, name: str, parent_name: str | None) -> str:
    def taken(candidate):
        return conn.execute(select(func.count()).where(codes.c.name == candidate)).scalar()

    candidate, number = name, 1
    if taken(candidate) and parent_name:
        candidate = f"{name} ({parent_name})"
    while taken(candidate):
        number += 1
        candidate = f"{name} ({parent_name or ''} {number})".replace("( ", "(")
    if candidate != name:
        report.warnings.append(f"adjusted: more than one code is called '{name}'; the one under '{parent_name}' "
                               f"is called '{candidate}' here")
    return candidate
