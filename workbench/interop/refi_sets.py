"""Document sets and code sets (MAXQDA document sets, ATLAS.ti code and document groups,
NVivo sets) in and out, as the project's own sets (store/schema_analysis.py).

A REFI set may hold codes and sources together; the workbench keeps a set of one kind, so
such a set becomes a document set and a code set of the same name. A set the project has
already (by GUID, else by kind and name) gains the members it lacks. A set made from a
saved query has no fixed members and stays out of the export, with a note.
"""

from __future__ import annotations

from collections import defaultdict
from xml.etree.ElementTree import Element, SubElement

from sqlalchemy import select

from ..store import Writer
from ..store.clock import now
from ..store.schema_analysis import set_members, sets
from .refi_guids import Guids, key
from .refi_model import RefiProject, RefiSet
from .refi_report import RefiImportReport

KIND_COLUMN = {"documents": "document_id", "codes": "code_id"}


# -- reading ---------------------------------------------------------------------------
def read_sets(project: RefiProject, container: Element | None, guids: Guids) -> None:
    if container is None:
        return
    found = container.findall("Set")
    if not found:
        project.adjusted("an empty <Sets/> (as Taguette writes) was ignored")
        return
    for element in found:
        name = (element.get("name") or "").strip() or "Set"
        refs = {tag: [key(m.get("targetGUID") or m.get("guid")) for m in element.findall(tag)]
                for tag in ("MemberCode", "MemberSource", "MemberNote")}
        if refs["MemberNote"]:
            project.warn(f"the notes in the set '{name}' were left out (a workbench set holds documents or codes)")
        description = element.find("Description")
        project.sets.append(RefiSet(guids.own(element, "Set", name), name,
                                    (description.text or "").strip() if description is not None else "",
                                    refs["MemberCode"], refs["MemberSource"]))


# -- importing -------------------------------------------------------------------------
def import_sets(writer: Writer, project: RefiProject, code_ids: dict[str, int], document_ids: dict[str, int],
                report: RefiImportReport) -> None:
    for refi_set in project.sets:
        for kind, refs, ids in (("codes", refi_set.code_guids, code_ids), ("documents", refi_set.source_guids, document_ids)):
            members = list(dict.fromkeys(ids[ref] for ref in refs if ref in ids))
            if len(members) < len(refs):
                report.warnings.append(f"left out: members of the set '{refi_set.name}' that the file does not hold")
            if members or (refs == [] and kind == _only_kind(refi_set)):
                _store_set(writer, refi_set, kind, members, report)


def _only_kind(refi_set: RefiSet) -> str:
    """The kind an empty set is kept as: a set with no members at all is a document set."""
    return "codes" if refi_set.code_guids else "documents"


def _store_set(writer: Writer, refi_set: RefiSet, kind: str, members: list[int], report: RefiImportReport) -> None:
    conn = writer.conn
    row = conn.execute(select(sets.c.id, sets.c.query_json).where(sets.c.guid == refi_set.guid, sets.c.kind == kind)).first()
    if row is None:
        row = conn.execute(select(sets.c.id, sets.c.query_json).where(sets.c.name == refi_set.name, sets.c.kind == kind)).first()
    column = KIND_COLUMN[kind]
    if row is not None:
        report.already["sets"] += 1
        if row.query_json is not None:
            report.conflict(f"the {kind[:-1]} set '{refi_set.name}' is made from a saved query here; "
                            "the file's members were not added to it")
            return
        held = set(conn.execute(select(set_members.c[column]).where(set_members.c.set_id == row.id)).scalars())
        new = [member for member in members if member not in held]
        set_id = row.id
    else:
        guid_taken = conn.execute(select(sets.c.id).where(sets.c.guid == refi_set.guid)).first() is not None
        values = {"name": refi_set.name, "kind": kind, "query_json": None, "description": refi_set.description,
                  "created_by": writer.member_id, "created_at": now()}
        if not guid_taken:  # one GUID never names two sets (a mixed REFI set becomes two)
            values["guid"] = refi_set.guid
        set_id = writer.insert(sets, values, "set.add")
        report.sets += 1
        new = members
    if new:
        writer.insert_many(set_members, [{"set_id": set_id, column: member} for member in new], None)
        writer.log("set.members", "sets", set_id, {"count": len(new), "from": report.filename})


# -- exporting -------------------------------------------------------------------------
def read_project_sets(conn) -> tuple[list[dict], dict[int, list[int]], int]:
    """Static sets as rows, their members (set id -> ids), and how many sets are queries."""
    rows = [dict(row._mapping) for row in conn.execute(select(sets).order_by(sets.c.kind, sets.c.name))]
    members = defaultdict(list)
    for row in conn.execute(select(set_members).order_by(set_members.c.id)):
        members[row.set_id].append(row.document_id if row.document_id is not None else row.code_id)
    static = [row for row in rows if row["query_json"] is None]
    return static, members, len(rows) - len(static)


def write_sets(parent: Element, static: list[dict], members: dict[int, list[int]], code_guid: dict[int, str],
               document_guid: dict[int, str] | None, set_guid) -> int:
    """<Sets> under `parent`: in a project every set, in a codebook (document_guid None) code sets only."""
    chosen = [row for row in static if document_guid is not None or row["kind"] == "codes"]
    if not chosen:
        return 0
    container = SubElement(parent, "Sets")
    for row in chosen:
        element = SubElement(container, "Set", {"guid": set_guid(row), "name": row["name"]})
        if row["description"]:
            SubElement(element, "Description").text = row["description"]
        guids = code_guid if row["kind"] == "codes" else document_guid
        tag = "MemberCode" if row["kind"] == "codes" else "MemberSource"
        attribute = "targetGUID" if document_guid is not None else "guid"  # the codebook schema says guid
        for member in members.get(row["id"], []):
            if member in guids:
                SubElement(element, tag, {attribute: guids[member]})
    return len(chosen)
