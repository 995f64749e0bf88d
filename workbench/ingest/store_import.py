"""Writing a parsed import into the project, all or nothing, in one logged transaction."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from sqlalchemy import func, select

from ..coding.codes import add_code, code_id
from ..coding.bulk import apply_many
from ..errors import ImportProblem
from ..store import Writer
from ..store.clock import now
from ..store.schema import codes, documents, participants, segments
from .model import ParsedDocument, ParsedImport


@dataclass
class ImportReport:
    filename: str
    documents: list[str] = field(default_factory=list)
    segments: int = 0
    codings: int = 0
    participants: int = 0
    codes: int = 0
    warnings: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        parts = []
        if self.documents:
            parts.append(f"{len(self.documents)} document(s) ({', '.join(self.documents)}) with {self.segments} segment(s)")
        for count, noun in ((self.codings, "coding(s)"), (self.participants, "participant(s)"), (self.codes, "code(s)")):
            if count:
                parts.append(f"{count} {noun}")
        return f"Imported {self.filename}: " + ("; ".join(parts) or "nothing new") + "."


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write_import(writer: Writer, parsed: ParsedImport, origin_sha256: str) -> ImportReport:
    report = ImportReport(parsed.filename, warnings=list(parsed.warnings))
    if parsed.documents:
        refuse_duplicate(writer, parsed.filename, origin_sha256)
    for participant in parsed.participants:
        _upsert_participant(writer, participant)
        report.participants += 1
    _write_codebook(writer, parsed, report)
    for document in parsed.documents:
        _write_document(writer, document, parsed.filename, origin_sha256, report)
    return report


def refuse_duplicate(writer: Writer, filename: str, digest: str) -> None:
    existing = writer.conn.execute(
        select(documents.c.name, documents.c.imported_at).where(documents.c.origin_sha256 == digest)
    ).first()
    if existing:
        raise ImportProblem(filename, f"was imported already, as '{existing.name}' on {existing.imported_at[:10]}.",
                            "Nothing was imported again; remove the earlier copy first if you mean to replace it.")


def _upsert_participant(writer: Writer, participant) -> None:
    row = writer.conn.execute(
        select(participants.c.id, participants.c.attributes).where(participants.c.pseudonym == participant.pseudonym)
    ).first()
    if row is None:
        writer.insert(participants, {
            "pseudonym": participant.pseudonym, "attributes": json.dumps(participant.attributes, ensure_ascii=False),
            "consent": participant.consent, "created_at": now(),
        }, "participant.add")
    else:
        attributes = {**json.loads(row.attributes), **participant.attributes}
        writer.update(participants, row.id, {"attributes": json.dumps(attributes, ensure_ascii=False),
                                             "consent": participant.consent}, "participant.update")


def _write_codebook(writer: Writer, parsed: ParsedImport, report: ImportReport) -> None:
    names = {c.name for c in parsed.codes}
    pending = list(parsed.codes)
    while pending:  # parents before children, whatever order the file lists them in
        ready = [c for c in pending if not c.parent or c.parent not in names or code_id(writer.conn, c.parent)]
        if not ready:
            raise ImportProblem(parsed.filename, f"has codes whose parents form a loop ({', '.join(c.name for c in pending)}).",
                                "Fix the parent column and import again.")
        for code in ready:
            pending.remove(code)
            if code.parent and code.parent not in names and code_id(writer.conn, code.parent) is None:
                raise ImportProblem(parsed.filename, f"names '{code.parent}' as the parent of '{code.name}', but there is no such code.",
                                    "Add the parent code to the file, or correct its name.")
            existing = code_id(writer.conn, code.name)
            fields = {"definition": code.definition, "when_to_use": code.when_to_use,
                      "when_not_to_use": code.when_not_to_use}
            if existing is None:
                add_code(writer, code.name, code.parent, colour=code.colour, **fields)
                report.codes += 1
            elif any(fields.values()):
                writer.update(codes, existing, {k: v for k, v in fields.items() if v}, "code.update")


def _unique_name(writer: Writer, name: str, report: ImportReport) -> str:
    candidate, number = name, 1
    while writer.conn.execute(select(func.count()).where(documents.c.name == candidate)).scalar():
        number += 1
        candidate = f"{name} ({number})"
    if candidate != name:
        report.warnings.append(f"{report.filename}: a document called '{name}' exists already; this one is called '{candidate}'.")
    return candidate


def _participant_ids(writer: Writer) -> dict[str, int]:
    return {p.lower(): i for i, p in writer.conn.execute(select(participants.c.id, participants.c.pseudonym))}


def _write_document(writer: Writer, document: ParsedDocument, filename: str, digest: str, report: ImportReport) -> None:
    name = _unique_name(writer, document.name, report)
    document_id = writer.conn.execute(documents.insert().values(
        name=name, kind=document.kind, text=document.text, origin_filename=filename, origin_sha256=digest,
        attributes=json.dumps(document.attributes, ensure_ascii=False), imported_at=now(),
        imported_by=writer.member_id,
    )).inserted_primary_key[0]
    people = _participant_ids(writer)
    rows = [{
        "document_id": document_id, "position": position, "kind": s.kind, "start": s.start, "end": s.end,
        "speaker": s.speaker, "participant_id": people.get((s.speaker or "").lower()),
        "time_start": s.time_start, "time_end": s.time_end,
        "attributes": json.dumps(s.attributes, ensure_ascii=False),
    } for position, s in enumerate(document.segments)]
    writer.insert_many(segments, rows, action=None)
    writer.log("document.import", "documents", document_id, {
        "name": name, "kind": document.kind, "origin_filename": filename, "origin_sha256": digest,
        "text_length": len(document.text), "segments": len(rows),
    })
    report.documents.append(name)
    report.segments += len(rows)
    if document.codings:
        coders = {name: writer.member(name) for name in dict.fromkeys(c.coder for c in document.codings)}
        code_ids = {name: code_id(writer.conn, name) or add_code(writer, name)
                    for name in dict.fromkeys(c.code for c in document.codings)}
        apply_many(writer, [{
            "document_id": document_id, "code_id": code_ids[c.code], "member_id": coders[c.coder],
            "start": document.segments[c.segment_index].start, "end": document.segments[c.segment_index].end,
        } for c in document.codings])
        report.codings += len(document.codings)
