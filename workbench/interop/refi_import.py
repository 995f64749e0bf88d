"""Writing a read REFI-QDA file into a project, new or existing, in one logged transaction.

Codes are merged by GUID, then by name; members are matched by name; participants
(cases) by pseudonym. Everything else is added. The caller's `Writer` holds one
transaction: any refusal leaves the project as it was.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import func, select

from ..coding.palette import next_colour
from ..ingest.store_import import ImportReport, refuse_duplicate
from ..store import Writer
from ..store.clock import now
from ..store.schema import codes, codings, documents, members, memos, participants, segments
from .refi_model import RefiProject, RefiSource


@dataclass
class RefiImportReport(ImportReport):
    members: int = 0
    memos: int = 0
    codes_merged: int = 0
    positions: str = ""  # how the file's selection positions were read

    def __str__(self) -> str:
        parts = []
        if self.documents:
            parts.append(f"{len(self.documents)} document(s)")
        for count, noun in ((self.codes, "new code(s)"), (self.codes_merged, "code(s) merged with existing ones"),
                            (self.codings, "coding(s)"), (self.members, "new member(s)"),
                            (self.participants, "participant(s)"), (self.memos, "memo(s)")):
            if count:
                parts.append(f"{count} {noun}")
        return f"Imported {self.filename}: " + ("; ".join(parts) or "nothing new") + "."


def import_refi(writer: Writer, project: RefiProject, origin_sha256: str) -> RefiImportReport:
    report = RefiImportReport(project.filename, positions=project.positions)
    if project.positions:
        report.warnings.append(project.positions)
    report.warnings += [f"adjusted: {message}" for message in project.adjustments]
    report.warnings += [f"left out: {message}" for message in project.warnings]
    if project.sources:
        refuse_duplicate(writer, project.filename, origin_sha256)
    _Importer(writer, project, report, origin_sha256).run()
    return report


class _Importer:
    def __init__(self, writer: Writer, project: RefiProject, report: RefiImportReport, digest: str):
        self.writer, self.conn, self.project, self.report, self.digest = writer, writer.conn, project, report, digest
        self.member_ids: dict[str, int] = {}
        self.code_ids: dict[str, int] = {}
        self.document_ids: dict[str, int] = {}
        self.coding_ids: dict[str, int] = {}
        self.new_codings: list[tuple[str, dict]] = []  # (file's coding guid, row)

    def run(self) -> None:
        for user in self.project.users:
            self.member_ids[user.guid] = self._member(user.name, user.guid)
        self._codes()
        case_of_source = {}
        for case in self.project.cases:
            participant_id = self._participant(case)
            for source_guid in case.source_guids:
                case_of_source.setdefault(source_guid, participant_id)
        for source in self.project.sources:
            self._document(source, case_of_source.get(source.guid))
        self._store_codings()
        self._notes()

    def _who(self, user_guid: str | None) -> int:
        if user_guid in self.member_ids:
            return self.member_ids[user_guid]
        if user_guid is not None:
            self.report.warnings.append("left out: some work was by users the file does not list; it is credited to you")
            self.member_ids[user_guid] = self.writer.member_id
        return self.writer.member_id

    def _member(self, name: str, guid: str) -> int:
        row = self.conn.execute(select(members.c.id, members.c.guid).where(members.c.name == name)).first()
        if row is not None:
            if row.guid is None:
                self.writer.update(members, row.id, {"guid": guid}, "member.update")
            return row.id
        self.report.members += 1
        role = self.project.extras.member_roles.get(guid, "researcher")
        return self.writer.insert(members, {"name": name, "role": role, "created_at": now(), "guid": guid}, "member.add")

    # -- codes ---------------------------------------------------------------------
    def _codes(self) -> None:
        claimed: set[int] = set()
        names = {code.guid: code.name for code in self.project.codes}
        colours = list(self.conn.execute(select(codes.c.colour)).scalars())
        for code in self.project.codes:  # parents come first
            existing = self.conn.execute(select(codes.c.id).where(codes.c.guid == code.guid)).scalar()
            if existing is None:
                by_name = self.conn.execute(select(codes.c.id).where(codes.c.name == code.name)).scalar()
                existing = by_name if by_name not in claimed else None
            if existing is not None:
                claimed.add(existing)
                self.code_ids[code.guid] = existing
                self.report.codes_merged += 1
                continue
            name = self._free_code_name(code.name, names.get(code.parent_guid))
            parent_id = self.code_ids.get(code.parent_guid)
            colour = code.colour
            if colour is None and parent_id is not None:
                colour = self.conn.execute(select(codes.c.colour).where(codes.c.id == parent_id)).scalar()
            colour = colour or next_colour(colours)
            colours.append(colour)
            guidance = self.project.extras.code_guidance.get(code.guid, {})
            code_id = self.writer.insert(codes, {
                "name": name, "parent_id": parent_id, "definition": code.description,
                "when_to_use": guidance.get("when_to_use", ""), "when_not_to_use": guidance.get("when_not_to_use", ""),
                "colour": colour, "archived": False, "created_by": self.writer.member_id,
                "created_at": now(), "guid": code.guid,
            }, "code.create")
            claimed.add(code_id)
            self.code_ids[code.guid] = code_id
            self.report.codes += 1

    def _free_code_name(self, name: str, parent_name: str | None) -> str:
        def taken(candidate):
            return self.conn.execute(select(func.count()).where(codes.c.name == candidate)).scalar()

        candidate, number = name, 1
        if taken(candidate) and parent_name:
            candidate = f"{name} ({parent_name})"
        while taken(candidate):
            number += 1
            candidate = f"{name} ({parent_name or ''} {number})".replace("( ", "(")
        if candidate != name:
            self.report.warnings.append(f"adjusted: more than one code is called '{name}'; the one under '{parent_name}' "
                                        f"is called '{candidate}' here")
        return candidate

    # -- cases, documents, codings -----------------------------------------------------
    def _participant(self, case) -> int:
        row = self.conn.execute(select(participants.c.id, participants.c.attributes, participants.c.guid)
                                .where(participants.c.pseudonym == case.name)).first()
        self.report.participants += 1
        if row is None:
            return self.writer.insert(participants, {
                "pseudonym": case.name, "attributes": json.dumps(case.attributes, ensure_ascii=False),
                "consent": "given", "created_at": now(), "guid": case.guid,
            }, "participant.add")
        changes = {"attributes": json.dumps({**json.loads(row.attributes), **case.attributes}, ensure_ascii=False)}
        if row.guid is None:
            changes["guid"] = case.guid
        self.writer.update(participants, row.id, changes, "participant.update")
        return row.id

    def _document(self, source: RefiSource, participant_id: int | None) -> None:
        name = self._free_document_name(source.name)
        kind = self.project.extras.document_kinds.get(source.guid, "notes")
        document_id = self.conn.execute(documents.insert().values(
            name=name, kind=kind, text=source.text, origin_filename=self.project.filename,
            origin_sha256=self.digest, attributes=json.dumps(source.attributes, ensure_ascii=False),
            imported_at=now(), imported_by=self.writer.member_id, guid=source.guid,
        )).inserted_primary_key[0]
        rows = [{"document_id": document_id, "position": position, "kind": "paragraph", "start": start, "end": end,
                 "participant_id": participant_id, "attributes": "{}"}
                for position, (start, end) in enumerate(_paragraphs(source.text))]
        self.writer.insert_many(segments, rows, action=None)
        self.writer.log("document.import", "documents", document_id, {
            "name": name, "kind": kind, "origin_filename": self.project.filename, "origin_sha256": self.digest,
            "text_length": len(source.text), "segments": len(rows), "guid": source.guid,
        })
        self.document_ids[source.guid] = document_id
        self.report.documents.append(name)
        self.report.segments += len(rows)
        for coding in source.codings:
            code_id = self.code_ids.get(coding.code_guid)
            if code_id is None:
                self.report.warnings.append("left out: codings of codes the codebook does not list")
                continue
            self.new_codings.append((coding.guid, {
                "document_id": document_id, "code_id": code_id, "start": coding.start, "end": coding.end,
                "member_id": self._who(coding.user_guid), "created_at": coding.created_at or now(), "guid": coding.guid,
            }))

    def _store_codings(self) -> None:
        """All the file's codings in one set-based insert; a coding the file repeats is stored once."""
        first: dict[tuple, int] = {}
        rows, guids = [], []
        for guid, row in self.new_codings:
            key = (row["document_id"], row["code_id"], row["start"], row["end"], row["member_id"])
            if key in first:
                guids[first[key]].append(guid)
                continue
            first[key] = len(rows)
            rows.append(row)
            guids.append([guid])
        for ids, row_id in zip(guids, self.writer.insert_many(codings, rows, "coding.apply")):
            for guid in ids:
                self.coding_ids[guid] = row_id
        self.report.codings += len(rows)

    def _free_document_name(self, name: str) -> str:
        candidate, number = name, 1
        while self.conn.execute(select(func.count()).where(documents.c.name == candidate)).scalar():
            number += 1
            candidate = f"{name} ({number})"
        if candidate != name:
            self.report.warnings.append(f"adjusted: a document called '{name}' exists already; this one is called '{candidate}'")
        return candidate

    # -- memos -----------------------------------------------------------------------
    def _notes(self) -> None:
        targets = {"document": self.document_ids, "code": self.code_ids, "coding": self.coding_ids}
        for note in self.project.notes:
            target_type, target_id = note.target_type, None
            if target_type != "project":
                target_id = targets[target_type].get(note.target_guid)
                if target_id is None:
                    target_type = "project"
            self.writer.insert(memos, {
                "target_type": target_type, "target_id": target_id, "text": note.text,
                "private": note.guid in self.project.extras.private_notes,
                "member_id": self._who(note.user_guid), "created_at": note.created_at or now(), "guid": note.guid,
            }, "memo.add")
            self.report.memos += 1
        self.report.warnings = list(dict.fromkeys(self.report.warnings))


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """One segment per non-blank line: a REFI source has no speaker turns to keep."""
    spans, start = [], 0
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if stripped:
            spans.append((start + line.index(stripped[0]), start + len(line.rstrip())))
        start += len(line)
    return spans
