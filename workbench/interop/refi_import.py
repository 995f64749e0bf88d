"""Writing a read REFI-QDA file into a project, new or existing, in one logged transaction.

Importing onto a project that holds the same documents merges: that is how a partner's
offline coding comes home. Documents are the project's own when their GUID, or else their
text, matches (see refi_match); members are matched by GUID, then name; codes by GUID, then
name; participants (cases) by pseudonym; memos by GUID. Only what is new is added (codings
credited to the coders the file names); what the project holds already is counted; where
the file and the project disagree the project's version is kept and the conflict reported.
The caller's `Writer` holds one transaction: any refusal leaves the project as it was.
"""

from __future__ import annotations

import json
from collections import defaultdict

import pandas as pd
from sqlalchemy import func, select

from ..store import Writer
from ..store.clock import now
from ..store.schema import codings, documents, members, memos, participants, segments
from .refi_codes import import_codes
from .refi_details import fitting_kind, store_document_details
from .refi_match import match_documents
from .refi_model import RefiProject, RefiSource
from .refi_report import RefiImportReport
from .refi_sets import import_sets

__all__ = ["RefiImportReport", "import_refi"]
KEY = ["document_id", "code_id", "start", "end", "member_id"]
_CHUNK = 500


def import_refi(writer: Writer, project: RefiProject, origin_sha256: str) -> RefiImportReport:
    report = RefiImportReport(project.filename, positions=project.positions)
    if project.positions:
        report.warnings.append(project.positions)
    report.warnings += [f"adjusted: {message}" for message in project.adjustments]
    report.warnings += [f"left out: {message}" for message in project.warnings]
    _Importer(writer, project, report, origin_sha256).run()
    report.warnings = list(dict.fromkeys(report.warnings))
    return report


class _Importer:
    def __init__(self, writer: Writer, project: RefiProject, report: RefiImportReport, digest: str):
        self.writer, self.conn, self.project, self.report, self.digest = writer, writer.conn, project, report, digest
        self.member_ids: dict[str, int] = {}
        self.code_ids: dict[str, int] = {}
        self.document_ids: dict[str, int] = {}
        self.coding_ids: dict[str, int] = {}
        self.file_codings: list[tuple[str, dict]] = []  # (file's coding guid, row)

    def run(self) -> None:
        for user in self.project.users:
            self.member_ids[user.guid] = self._member(user.name, user.guid)
        self.code_ids = import_codes(self.writer, self.project, self.report)
        case_of_source = {}
        for case, participant_id in zip(self.project.cases, self._participants(self.project.cases)):
            for source_guid in case.source_guids:
                case_of_source.setdefault(source_guid, participant_id)
        matches, conflicts = match_documents(self.conn, self.project.sources)
        for source in self.project.sources:
            match = matches.get(source.guid)
            if match is not None:
                self.document_ids[source.guid] = match.document_id
                self.report.already["documents"] += 1
                self._codings(source, match.document_id, match.to_ours)
                continue
            if source.guid in conflicts:
                self.report.conflict(f"the document '{conflicts[source.guid]}' has another text in the file "
                                     f"('{source.name}'); the file's is added as a document of its own")
            self._document(source, case_of_source.get(source.guid), source.guid not in conflicts)
        self._store_codings()
        self._notes()
        import_sets(self.writer, self.project, self.code_ids, self.document_ids, self.report)

    def _who(self, user_guid: str | None) -> int:
        if user_guid in self.member_ids:
            return self.member_ids[user_guid]
        if user_guid is not None:
            self.report.warnings.append("left out: some work was by users the file does not list; it is credited to you")
            self.member_ids[user_guid] = self.writer.member_id
        return self.writer.member_id

    def _member(self, name: str, guid: str) -> int:
        row = self.conn.execute(select(members.c.id, members.c.name, members.c.guid).where(members.c.guid == guid)).first()
        if row is None:
            row = self.conn.execute(select(members.c.id, members.c.name, members.c.guid).where(members.c.name == name)).first()
        if row is not None:
            if row.guid is None:
                self.writer.update(members, row.id, {"guid": guid}, "member.update")
            if row.name != name:
                self.report.warnings.append(f"adjusted: the file's user '{name}' is the member '{row.name}' here (the same id)")
            self.report.already["members"] += 1
            return row.id
        self.report.members += 1
        role = self.project.extras.member_roles.get(guid, "researcher")
        return self.writer.insert(members, {"name": name, "role": role, "created_at": now(), "guid": guid}, "member.add")

    # -- cases, documents, codings -----------------------------------------------------
    def _participants(self, cases) -> list[int]:
        """Each case's participant (by pseudonym): new ones added in one statement, known
        ones given only the attributes they lack; a differing value is a conflict."""
        stored = {}
        for chunk in _chunks(list(dict.fromkeys(case.name for case in cases))):
            for row in self.conn.execute(select(participants.c.id, participants.c.pseudonym, participants.c.attributes,
                                                participants.c.guid).where(participants.c.pseudonym.in_(chunk))):
                stored[row.pseudonym] = row
        new = {}
        for case in cases:
            if case.name not in stored and case.name not in new:
                new[case.name] = {"pseudonym": case.name, "attributes": json.dumps(case.attributes, ensure_ascii=False),
                                  "consent": "given", "created_at": now(), "guid": case.guid}
        ids = dict(zip(new, self.writer.insert_many(participants, list(new.values()), "participant.add")))
        self.report.participants += len(new)
        cases_named = defaultdict(list)
        for case in cases:
            cases_named[case.name].append(case)
        for name, row in stored.items():
            ids[name] = row.id
            self.report.already["participants"] += 1
            self._update_participant(row, cases_named[name])
        return [ids[case.name] for case in cases]

    def _update_participant(self, row, cases) -> None:
        ours = json.loads(row.attributes)
        added = {}
        for case in cases:
            for name, value in case.attributes.items():
                if name in ours and ours[name] != value:
                    self.report.conflict(f"the participant '{case.name}' has {name} '{value}' in the file and "
                                         f"'{ours[name]}' here; the project's is kept")
                elif name not in ours:
                    added.setdefault(name, value)
        changes = {"attributes": json.dumps({**ours, **added}, ensure_ascii=False)} if added else {}
        if row.guid is None:
            changes["guid"] = cases[0].guid
        if changes:
            self.writer.update(participants, row.id, changes, "participant.update")

    def _document(self, source: RefiSource, participant_id: int | None, keep_guid: bool) -> None:
        name = self._free_document_name(source.name)
        kind = self.project.extras.document_kinds.get(source.guid) or fitting_kind(source.name, source.text)
        values = dict(name=name, kind=kind, text=source.text, origin_filename=self.project.filename,
                      origin_sha256=self.digest, attributes=json.dumps(source.attributes, ensure_ascii=False),
                      imported_at=now(), imported_by=self.writer.member_id)
        if keep_guid:  # else the column default gives a new one: one GUID never names two documents
            values["guid"] = source.guid
        document_id = self.conn.execute(documents.insert().values(**values)).inserted_primary_key[0]
        rows = [{"document_id": document_id, "position": position, "kind": "paragraph", "start": start, "end": end,
                 "participant_id": participant_id, "attributes": "{}"}
                for position, (start, end) in enumerate(_paragraphs(source.text))]
        self.writer.insert_many(segments, rows, action=None)
        self.writer.log("document.import", "documents", document_id, {
            "name": name, "kind": kind, "origin_filename": self.project.filename, "origin_sha256": self.digest,
            "text_length": len(source.text), "segments": len(rows), "guid": values.get("guid"),
        })
        self.document_ids[source.guid] = document_id
        store_document_details(self.writer, [{"document_id": document_id, "description": source.description.strip(),
                                               "source_type": source.source_type}])
        self.report.documents.append(name)
        self.report.segments += len(rows)
        self._codings(source, document_id, None)

    def _codings(self, source: RefiSource, document_id: int, to_ours) -> None:
        known = [c for c in source.codings if c.code_guid in self.code_ids]
        if len(known) < len(source.codings):
            self.report.warnings.append("left out: codings of codes the codebook does not list")
        starts = [c.start for c in known]
        ends = [c.end for c in known]
        if to_ours is not None and known:
            starts, ends = to_ours(starts), to_ours(ends)
        for coding, start, end in zip(known, starts, ends):
            self.file_codings.append((coding.guid, {
                "document_id": document_id, "code_id": self.code_ids[coding.code_guid], "start": int(start),
                "end": int(end), "member_id": self._who(coding.user_guid),
                "created_at": coding.created_at or now(), "guid": coding.guid,
            }))

    def _store_codings(self) -> None:
        """The file's codings the project lacks, in one set-based insert; the rest counted."""
        if not self.file_codings:
            return
        frame = pd.DataFrame([row for _, row in self.file_codings])
        frame["file_guid"] = [guid for guid, _ in self.file_codings]
        stored = self._stored_codings(frame)
        by_key = stored.drop_duplicates(KEY).set_index(KEY)["id"] if len(stored) else pd.Series(dtype="int64")
        by_guid = stored.dropna(subset=["guid"]).drop_duplicates("guid").set_index("guid")
        keys = pd.MultiIndex.from_frame(frame[KEY])
        frame["existing"] = by_key.reindex(keys).to_numpy() if len(by_key) else None
        same_document = frame["guid"].map(by_guid["document_id"]) == frame["document_id"]
        changed = frame["existing"].isna() & same_document  # the coding the GUID names, moved or recoded
        for guid in frame.loc[changed, "guid"].head(20):
            self.report.conflict(f"a coding ({guid}) was changed in the file (its span, code or coder); "
                                 "the project's is kept")
        self.report.already["codings"] += int(frame["existing"].notna().sum())
        for guid, existing in frame.loc[frame["existing"].notna(), ["file_guid", "existing"]].itertuples(index=False):
            self.coding_ids[guid] = int(existing)
        new = frame[frame["existing"].isna() & ~changed]
        unique = new.drop_duplicates(KEY)  # a coding the file repeats is stored once
        rows = unique[KEY + ["created_at", "guid"]].to_dict("records")
        taken = set(by_guid.index)
        for row in rows:
            if row["guid"] in taken:
                del row["guid"]  # the column default gives a fresh one
            taken.add(row.get("guid"))
        ids = self.writer.insert_many(codings, rows, "coding.apply")
        id_of = dict(zip(map(tuple, unique[KEY].itertuples(index=False, name=None)), ids))
        for guid, key in zip(new["file_guid"], new[KEY].itertuples(index=False, name=None)):
            self.coding_ids[guid] = id_of[tuple(key)]
        self.report.codings += len(rows)

    def _stored_codings(self, frame: pd.DataFrame) -> pd.DataFrame:
        """The project's codings on the same documents, plus any holding one of the file's GUIDs."""
        found = []
        columns = [codings.c.id, codings.c.guid] + [codings.c[name] for name in KEY]
        for chunk in _chunks(sorted({int(d) for d in frame["document_id"]})):
            found += self.conn.execute(select(*columns).where(codings.c.document_id.in_(chunk))).all()
        for chunk in _chunks(sorted(set(frame["guid"]))):
            found += self.conn.execute(select(*columns).where(codings.c.guid.in_(chunk))).all()
        return pd.DataFrame(found, columns=["id", "guid"] + KEY).drop_duplicates("id")

    def _free_document_name(self, name: str) -> str:
        candidate, number = name, 1
        while self.conn.execute(select(func.count()).where(documents.c.name == candidate)).scalar():
            number += 1
            candidate = f"{name} ({number})"
        if candidate != name:
            self.report.warnings.append(f"adjusted: a document called '{name}' exists already with another text; "
                                        f"this one is called '{candidate}'")
        return candidate

    # -- memos -----------------------------------------------------------------------
    def _notes(self) -> None:
        targets = {"document": self.document_ids, "code": self.code_ids, "coding": self.coding_ids}
        stored = {}
        for chunk in _chunks([note.guid for note in self.project.notes]):
            stored.update(self.conn.execute(select(memos.c.guid, memos.c.text).where(memos.c.guid.in_(chunk))).all())
        rows = []
        for note in self.project.notes:
            if note.guid in stored:
                self.report.already["memos"] += 1
                if stored[note.guid].strip() != note.text.strip():
                    self.report.conflict(f"a memo was edited in the file (\"{note.text.strip()[:80]}\"); "
                                         "the project's is kept")
                continue
            target_type, target_id = note.target_type, None
            if target_type != "project":
                target_id = targets[target_type].get(note.target_guid)
                if target_id is None:
                    target_type = "project"
            rows.append({
                "target_type": target_type, "target_id": target_id, "text": note.text,
                "private": note.guid in self.project.extras.private_notes,
                "member_id": self._who(note.user_guid), "created_at": note.created_at or now(), "guid": note.guid,
            })
        self.writer.insert_many(memos, rows, "memo.add")
        self.report.memos += len(rows)


def _chunks(values: list):
    for start in range(0, len(values), _CHUNK):
        yield values[start:start + _CHUNK]


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """One segment per non-blank line: a REFI source has no speaker turns to keep."""
    spans, start = [], 0
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if stripped:
            spans.append((start + line.index(stripped[0]), start + len(line.rstrip())))
        start += len(line)
    return spans
