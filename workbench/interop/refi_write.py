"""Writing a project as REFI-QDA: a .qdpx project or a .qdc codebook.

The output follows the REFI-QDA 1.0 schemas (Project-mrt2019.xsd, Codebook-mrt2019.xsd).
Sources are stored inside the archive as `Sources/<guid>.txt` (UTF-8) and referred to
as `internal://<guid>.txt`. Rows made before GUIDs existed get a GUID derived from the
row, so exporting the same project twice gives the same GUIDs. Private memos stay out
unless asked for. What REFI-QDA has no place for (member roles, document kinds, private
flags, 'when to use' guidance) goes in `workbench.json` beside project.qde.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import uuid
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from xml.etree.ElementTree import Element, SubElement, tostring

from sqlalchemy import select

from ..errors import WorkbenchError
from ..store import Store
from ..store.schema import codes, codings, documents, members, memos, participants, project_info, segments
from .refi_details import code_details, document_details
from .refi_extras import EXTRAS_NAME, extras_json
from .refi_model import WorkbenchExtras
from .refi_positions import NVIVO, STANDARD, CountedText, Reading
from .refi_sets import read_project_sets, write_sets
from .refi_xml import CODEBOOK_NS, PROJECT_NS

ORIGIN = "Co-production qualitative workbench"
_DERIVED = uuid.UUID("8c0e8a55-4f0b-4a41-9d0e-2b6f3f7f5a11")
_GUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


@dataclass
class ExportReport:
    path: Path
    counts: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        held = ", ".join(f"{number} {noun}" for noun, number in self.counts.items())
        return f"Exported {self.path.name}: {held}."


FOR_TOOLS = {None: STANDARD, "standard": STANDARD, "nvivo": NVIVO}


def export_refi(store: Store, path: str | Path, *, include_private: bool = False, overwrite: bool = False,
                for_tool: str | None = None, coders: list[int] | None = None) -> ExportReport:
    path = Path(path)
    suffix = path.suffix.lower()
    if for_tool not in FOR_TOOLS:
        raise WorkbenchError(f"The workbench can count positions for {', '.join(k for k in FOR_TOOLS if k)}, "
                             f"not '{for_tool}'; leave it out for the REFI-QDA standard (characters).")
    reading = FOR_TOOLS[for_tool]
    if suffix not in (".qdpx", ".qdc"):
        raise WorkbenchError(f"{path.name}: the workbench exports REFI-QDA as .qdpx (a project) or .qdc (a codebook); "
                             "end the file name with one of those.")
    if path.exists() and not overwrite:
        raise WorkbenchError(f"{path} exists already; choose another name or replace it (--force).")
    if not path.parent.is_dir():
        raise WorkbenchError(f"The folder {path.parent} does not exist; create it first.")
    rows = _Rows(store, include_private, coders)
    report = ExportReport(path)
    if suffix == ".qdc":
        root = Element("CodeBook", {"xmlns": CODEBOOK_NS, "origin": ORIGIN})
        _codebook(root, rows, with_notes=False)
        code_sets = write_sets(root, rows.sets, rows.set_members, rows.code_guid, None, _set_guid)
        _replace(path, lambda handle: handle.write(_xml(root)))
        report.counts = {"codes": len(rows.codes), "code sets": code_sets}
        return report
    root, texts = _project(rows, reading)
    _replace(path, lambda handle: _write_zip(handle, root, texts, extras_json(rows.extras())))
    report.counts = {"documents": len(rows.documents), "codes": len(rows.codes), "codings": len(rows.codings),
                     "members": len(rows.members), "participants": len(rows.participants), "memos": len(rows.memos),
                     "sets": len(rows.sets)}
    if rows.query_sets:
        report.notes.append(f"{rows.query_sets} set(s) made from a saved query were left out: a REFI-QDA set lists "
                            "its members.")
    if rows.private_left_out:
        report.notes.append(f"{rows.private_left_out} private memo(s) were left out (use --include-private to keep them).")
    if reading != STANDARD:
        report.notes.append(f"Selection positions count {reading.describe()}; import this file into NVivo, "
                            "not into tools that follow the standard.")
    report.notes.append("Member roles, document kinds and 'when to use' guidance have no place in REFI-QDA: "
                        "another workbench reads them from workbench.json in the file, other tools will not show them.")
    return report


def _replace(path: Path, write) -> None:
    """Write beside the target, then rename: a failed export never leaves half a file."""
    handle = tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.name}.", delete=False)
    try:
        with handle:
            write(handle)
        os.replace(handle.name, path)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise


def _write_zip(handle, root: Element, texts: dict[str, str], extras: bytes) -> None:
    with zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", _xml(root))
        archive.writestr(EXTRAS_NAME, extras)
        for guid, text in texts.items():
            archive.writestr(f"Sources/{guid}.txt", text.encode("utf-8"))


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml(root: Element) -> bytes:
    # XML 1.0 cannot hold most control characters; a file with one is unreadable to every tool.
    for element in root.iter():
        if element.text:
            element.text = _NOT_XML.sub("", element.text)
        for key, value in element.attrib.items():
            element.set(key, _NOT_XML.sub("", value))
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + tostring(root, encoding="utf-8", xml_declaration=False)


class _Rows:
    """Everything the export needs, read in one transaction, with a GUID for every row."""

    def __init__(self, store: Store, include_private: bool, coders: list[int] | None = None):
        with store.read() as conn:
            self.title = conn.execute(select(project_info.c.value).where(project_info.c.key == "title")).scalar()
            self.members = self._with_guids(conn, members, "member")
            self.codes = self._with_guids(conn, codes, "code")
            self.documents = self._with_guids(conn, documents, "document")
            self.codings = self._with_guids(conn, codings, "coding")
            if coders is not None:  # blind coding: the exporting member's own layer only
                mine = set(coders)
                self.codings = [coding for coding in self.codings if coding["member_id"] in mine]
            self.participants = self._with_guids(conn, participants, "participant")
            every_memo = self._with_guids(conn, memos, "memo")
            self.segments = {row.id: row for row in conn.execute(select(segments.c.id, segments.c.document_id,
                                                                         segments.c.start, segments.c.end))}
            cases = conn.execute(select(segments.c.participant_id, segments.c.document_id)
                                 .where(segments.c.participant_id.is_not(None)).distinct()).all()
            self.code_details = code_details(conn)  # code id -> (codable, colour given)
            self.document_details = document_details(conn)  # document id -> (description, source type)
            static_sets, self.set_members, self.query_sets = read_project_sets(conn)
        self.sets = _unique_guids(static_sets, "set")
        if coders is not None:  # nor the memos on others' codings (they say what those are)
            shown = {coding["id"] for coding in self.codings}
            every_memo = [m for m in every_memo if m["target_type"] != "coding" or m["target_id"] in shown]
        self.memos = [m for m in every_memo if include_private or not m["private"]]
        self.private_left_out = len(every_memo) - len(self.memos)
        self.member_guid = {m["id"]: m["guid"] for m in self.members}
        self.code_guid = {c["id"]: c["guid"] for c in self.codes}
        self.codings_of_document = defaultdict(list)
        for coding in self.codings:
            self.codings_of_document[coding["document_id"]].append(coding)
        self.segments_of_document = defaultdict(list)
        for segment_id, segment in sorted(self.segments.items()):
            self.segments_of_document[segment.document_id].append((segment_id, segment))
        self.documents_of_participant = defaultdict(list)
        for participant_id, document_id in cases:
            self.documents_of_participant[participant_id].append(document_id)

    def extras(self) -> WorkbenchExtras:
        return WorkbenchExtras(
            member_roles={m["guid"]: m["role"] for m in self.members},
            document_kinds={d["guid"]: d["kind"] for d in self.documents},
            private_notes={m["guid"] for m in self.memos if m["private"]},
            code_guidance={c["guid"]: {"when_to_use": c["when_to_use"], "when_not_to_use": c["when_not_to_use"]}
                           for c in self.codes if c["when_to_use"] or c["when_not_to_use"]},
        )

    @staticmethod
    def _with_guids(conn, table, kind: str) -> list[dict]:
        return _unique_guids([dict(row._mapping) for row in conn.execute(select(table).order_by(table.c.id))], kind)


def _unique_guids(found: list[dict], kind: str) -> list[dict]:
    """Every row with a GUID of its own: never two rows with one, never one REFI-QDA refuses."""
    used = set()
    for row in found:
        guid = row.get("guid")
        if not guid or guid in used or not _GUID.match(guid):
            stamp = row.get("created_at") or row.get("imported_at") or ""
            row["guid"] = str(uuid.uuid5(_DERIVED, f"{kind}:{row['id']}:{stamp}"))
        used.add(row["guid"])
    return found


def _set_guid(row: dict) -> str:
    return row["guid"]


def _derived(kind: str, key: str) -> str:
    return str(uuid.uuid5(_DERIVED, f"{kind}:{key}"))


def _project(rows: _Rows, reading: Reading) -> tuple[Element, dict[str, str]]:
    origin = ORIGIN if reading == STANDARD else f"{ORIGIN}; positions for NVivo (UTF-16 code units)"
    root = Element("Project", {"xmlns": PROJECT_NS, "name": rows.title or "Workbench project", "origin": origin})
    if rows.members:
        users = SubElement(root, "Users")
        for member in rows.members:
            SubElement(users, "User", {"guid": member["guid"], "name": member["name"]})
    notes_on = defaultdict(list)  # (target type, id) -> memo guids
    for memo in rows.memos:
        notes_on[(memo["target_type"], memo["target_id"])].append(memo["guid"])
    if rows.codes:
        _codebook(SubElement(root, "CodeBook"), rows, with_notes=True, notes_on=notes_on)
    variables = _variables(rows)
    if variables:
        element = SubElement(root, "Variables")
        for name, kind in variables.items():
            SubElement(element, "Variable", {"guid": _derived("variable", name), "name": name, "typeOfVariable": kind})
    if rows.participants:
        cases = SubElement(root, "Cases")
        document_guid = {d["id"]: d["guid"] for d in rows.documents}
        for participant in rows.participants:
            case = SubElement(cases, "Case", {"guid": participant["guid"], "name": participant["pseudonym"]})
            _values(case, json.loads(participant["attributes"]), variables)
            for document_id in sorted(rows.documents_of_participant.get(participant["id"], [])):
                SubElement(case, "SourceRef", {"targetGUID": document_guid[document_id]})
    texts = {}
    if rows.documents:
        sources = SubElement(root, "Sources")
        for document in rows.documents:
            texts[document["guid"]] = document["text"]
            _source(sources, document, rows, notes_on, variables, reading)
    if rows.memos:
        element = SubElement(root, "Notes")
        for memo in rows.memos:
            note = SubElement(element, "Note", {"guid": memo["guid"], "name": f"Memo {memo['id']}",
                                                "creatingUser": rows.member_guid[memo["member_id"]],
                                                "creationDateTime": memo["created_at"]})
            SubElement(note, "PlainTextContent").text = memo["text"]
    write_sets(root, rows.sets, rows.set_members, rows.code_guid, {d["id"]: d["guid"] for d in rows.documents}, _set_guid)
    if rows.title:
        SubElement(root, "Description").text = rows.title
    for guid in notes_on.get(("project", None), []):
        SubElement(root, "NoteRef", {"targetGUID": guid})
    return root, texts


def _codebook(parent: Element, rows: _Rows, with_notes: bool, notes_on=None) -> None:
    container = SubElement(parent, "Codes")
    children = defaultdict(list)
    for code in rows.codes:
        children[code["parent_id"]].append(code)

    def add(into: Element, code: dict) -> None:
        codable, colour_given = rows.code_details.get(code["id"], (True, True))
        element = SubElement(into, "Code", {"guid": code["guid"], "name": code["name"],
                                            "isCodable": "true" if codable else "false"})
        if colour_given and code["colour"] and len(code["colour"]) in (4, 7) and code["colour"].startswith("#"):
            element.set("color", code["colour"])
        if code["definition"]:
            SubElement(element, "Description").text = code["definition"]
        if with_notes:
            for guid in notes_on.get(("code", code["id"]), []):
                SubElement(element, "NoteRef", {"targetGUID": guid})
        for child in children.get(code["id"], []):
            add(element, child)

    for code in children.get(None, []):
        add(container, code)


def _source(sources: Element, document: dict, rows: _Rows, notes_on, variables: dict[str, str], reading: Reading) -> None:
    guid = document["guid"]
    units = _counter(document["text"], reading)
    description, source_type = rows.document_details.get(document["id"], ("", "TextSource"))
    made = {"creatingUser": rows.member_guid[document["imported_by"]], "creationDateTime": document["imported_at"]}
    holder = element = SubElement(sources, source_type, {"guid": guid, "name": document["name"], **made})
    if description:
        SubElement(holder, "Description").text = description
    if source_type == "PDFSource":  # the text a PDF was read as; its selections are on that text
        element = SubElement(holder, "Representation", {"guid": _derived("representation", guid),
                                                         "name": document["name"], **made})
    element.set("plainTextPath", f"internal://{guid}.txt")
    spans = defaultdict(list)
    for coding in rows.codings_of_document.get(document["id"], []):
        spans[(coding["start"], coding["end"])].append(coding)
    code_guid = rows.code_guid
    for (start, end), group in sorted(spans.items()):
        first = group[0]
        selection = SubElement(element, "PlainTextSelection", {
            "guid": _derived("selection", first["guid"]), "startPosition": units(start), "endPosition": units(end),
            "creatingUser": rows.member_guid[first["member_id"]], "creationDateTime": first["created_at"]})
        for coding in group:
            tag = SubElement(selection, "Coding", {"guid": coding["guid"], "creatingUser": rows.member_guid[coding["member_id"]],
                                                   "creationDateTime": coding["created_at"]})
            SubElement(tag, "CodeRef", {"targetGUID": code_guid[coding["code_id"]]})
            for note in notes_on.get(("coding", coding["id"]), []):
                SubElement(tag, "NoteRef", {"targetGUID": note})
    for segment_id, segment in rows.segments_of_document.get(document["id"], []):
        notes = notes_on.get(("segment", segment_id), [])
        if notes and segment.start < segment.end:
            selection = SubElement(element, "PlainTextSelection", {
                "guid": _derived("segment", f"{guid}:{segment_id}"), "startPosition": units(segment.start),
                "endPosition": units(segment.end)})
            for note in notes:
                SubElement(selection, "NoteRef", {"targetGUID": note})
    for note in notes_on.get(("document", document["id"]), []):
        SubElement(holder, "NoteRef", {"targetGUID": note})
    _values(holder, json.loads(document["attributes"]), variables)


def _counter(text: str, reading: Reading):
    """Character index -> the position as `reading` counts it, as XML attribute text."""
    if reading == STANDARD:
        return str
    bounds = CountedText(text, reading).bounds
    return lambda index: str(int(bounds[index]))


def _variable_type(value) -> str | None:
    if isinstance(value, bool):
        return "Boolean"
    if isinstance(value, int):
        return "Integer"
    if isinstance(value, float):
        return "Float" if value == value and abs(value) != float("inf") else None
    if isinstance(value, str):
        return "Text"
    return None


def _variables(rows: _Rows) -> dict[str, str]:
    """Attribute name -> REFI variable type, over participants and documents (mixed types become Text)."""
    kinds: dict[str, str] = {}
    for row in rows.participants + rows.documents:
        for name, value in json.loads(row["attributes"]).items():
            kind = _variable_type(value)
            if kind is not None:
                kinds[name] = kind if kinds.get(name, kind) == kind else "Text"
    return kinds


def _values(element: Element, attributes: dict, variables: dict[str, str]) -> None:
    for name, value in attributes.items():
        kind = _variable_type(value)
        if kind is None or name not in variables:
            continue
        kind = variables[name]
        item = SubElement(element, "VariableValue")
        SubElement(item, "VariableRef", {"targetGUID": _derived("variable", name)})
        if kind == "Boolean":
            text = "true" if value else "false"
        elif kind == "Float":
            text = format(Decimal(repr(float(value))), "f")
        else:
            text = str(value)
        SubElement(item, f"{kind}Value").text = text
