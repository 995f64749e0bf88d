"""The `Project` facade: what a notebook, the CLI and the widgets talk to.

    project = Project.open("study.db", member="Alex Morgan", role="researcher")
    project.import_file("interview.txt")
    project.codings()            # a DataFrame

Every change goes through the store's logged write transaction, credited to the
member chosen with `member=` / `as_member()`.
"""

from __future__ import annotations

import weakref
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
from sqlalchemy import select

from .coding.codebook import archive_code, merge_codes, move_code, recolour_code, rename_code, set_example
from .coding.codes import add_code, require_code, update_code
from .coding.codings import apply_code, coding_owner, recode, remove_coding
from .coding.memos import add_memo
from .errors import ImportProblem, NoMemberChosen, SheetProblems, WorkbenchError
from .ingest import parse_file
from .ingest.store_import import ImportReport, sha256, write_import
from .interop import REFI_SUFFIXES, export_refi, import_refi
from .interop.coding_sheet import read_sheet, store_sheet, write_sheet
from .interop.refi_read import read_refi
from .interop.refi_write import ExportReport
from .store import Actor, Store
from .store import queries
from .store.schema import documents, project_info


class Project:
    def __init__(self, store: Store, actor: Actor | None = None, context: dict | None = None):
        self.store = store
        self.actor = actor
        self.context = context

    # -- opening -------------------------------------------------------------------
    @classmethod
    def create(cls, target: str | Path, *, member: str | None = None, role: str = "researcher",
               title: str | None = None) -> "Project":
        """A new, empty project: a SQLite file path or a database URL."""
        if not _is_url(target) and Path(target).exists():
            raise WorkbenchError(f"{target} exists already; open it with Project.open, or choose a new file name.")
        project = cls(Store.open(target, create=True), Actor(member, role) if member else None)
        if title:
            with project._write() as writer:
                writer.insert(project_info, {"key": "title", "value": title}, "project.title")
        return project

    @classmethod
    def open(cls, target: str | Path, *, member: str | None = None, role: str = "researcher") -> "Project":
        return cls(Store.open(target), Actor(member, role) if member else None)

    def as_member(self, name: str, role: str = "researcher") -> "Project":
        """Who is working now; every change from here on is credited to them."""
        self.actor = Actor(name, role)
        return self

    def acting_as(self, name: str, role: str, **context) -> "Project":
        """The same project, with changes credited to another member; `context`
        (e.g. entered_by="Chris Lee") is recorded with each of their events."""
        return Project(self.store, Actor(name, role), context or None)

    def close(self) -> None:
        self.store.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    @contextmanager
    def _write(self):
        if self.actor is None:
            raise NoMemberChosen("Say who is working first, e.g. project.as_member('Alex Morgan', 'researcher').")
        with self.store.write(self.actor, self.context) as writer:
            yield writer

    # -- importing -----------------------------------------------------------------
    def import_file(self, path: str | Path, kind: str | None = None, **options) -> ImportReport:
        path = Path(path)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise ImportProblem(str(path), "does not exist.", "Check the file name and folder.") from None
        except IsADirectoryError:
            raise ImportProblem(str(path), "is a folder.", "Give the path of one file.") from None
        return self.import_bytes(data, path.name, kind, **options)

    def import_bytes(self, data: bytes, filename: str, kind: str | None = None, **options) -> ImportReport:
        if Path(filename).suffix.lower() in REFI_SUFFIXES:
            return self._import_refi(data, filename, kind, options)
        parsed = parse_file(data, filename, kind, **options)  # parse fully before writing anything
        with self._write() as writer:
            return write_import(writer, parsed, sha256(data))

    # -- REFI-QDA exchange (.qdpx projects, .qdc codebooks) ------------------------
    def _import_refi(self, data: bytes, filename: str, kind: str | None, options: dict) -> ImportReport:
        if kind or options:
            raise ImportProblem(filename, "is a REFI-QDA file, which takes no --kind or table options.",
                                "Import it without them.")
        parsed = read_refi(data, filename)  # read fully before writing anything
        with self._write() as writer:
            return import_refi(writer, parsed, sha256(data))

    def export_refi(self, path: str | Path, *, include_private: bool = False, overwrite: bool = False) -> ExportReport:
        """Write the project as REFI-QDA: `.qdpx` (everything) or `.qdc` (the codebook only)."""
        report = export_refi(self.store, path, include_private=include_private, overwrite=overwrite)
        self.record_artefact("export", path)  # so a withdrawal can list it as stale (issue 9)
        return report

    # -- coding sheets (Excel) --------------------------------------------------------
    def export_coding_sheet(self, path: str | Path, documents: list[str] | None = None,
                            kinds: list[str] | None = None, codes: list[str] | None = None,
                            overwrite: bool = False) -> int:
        """Write an .xlsx coding sheet: one row per segment, a tick column per code,
        a notes column; printable. Returns the number of rows."""
        path = Path(path)
        if path.exists() and not overwrite:
            raise WorkbenchError(f"{path} exists already; choose another name, or replace it (--force).")
        segments = self.segments()
        if documents:
            unknown = sorted(set(documents) - set(segments["document"]))
            if unknown:
                raise WorkbenchError(f"There is no document {', '.join(map(repr, unknown))} in this project.")
            segments = segments[segments["document"].isin(documents)]
        if kinds:
            named = self.documents().set_index("name")["kind"]
            segments = segments[segments["document"].map(named).isin(kinds)]
        all_codes = self.codes()
        chosen = codes or list(all_codes.loc[~all_codes["archived"].astype(bool), "name"])
        if not len(segments):
            raise WorkbenchError("No segments match; check the document names or kinds.")
        path.write_bytes(write_sheet(segments, chosen, f"Coding sheet: {path.stem}"))
        self.record_artefact("coding sheet", path)  # issue 9
        return len(segments)

    def import_coding_sheet(self, path: str | Path, member: str, role: str = "researcher",
                            confirm: bool = False) -> dict:
        """Read a filled-in coding sheet as `member`. Problems are reported row by row and
        nothing is stored until they are fixed, or (for changed text, unknown codes and
        unknown rows) confirmed."""
        path = Path(path)
        if not path.exists():
            raise ImportProblem(str(path), "does not exist.", "Check the file name and folder.")
        segments = self.segments()
        check = read_sheet(path.read_bytes(), path.name, segments, set(self.codes()["name"]))
        if check.errors:
            raise SheetProblems(path.name, f"{len(check.errors)} problem(s) to fix in the sheet; nothing was imported.",
                                check.errors + check.warnings)
        if check.warnings and not confirm:
            raise SheetProblems(path.name, f"{len(check.warnings)} thing(s) to check; nothing was imported yet. "
                                "Fix the sheet, or import it again and confirm (--confirm).", check.warnings)
        with self.acting_as(member, role)._write() as writer:
            added = store_sheet(writer, check, segments)
        return {"rows": len(check.rows), "codings": added, "confirmed": len(check.warnings)}

    # -- codebook, coding, memos ---------------------------------------------------
    def add_code(self, name: str, parent: str | None = None, definition: str = "", when_to_use: str = "",
                 when_not_to_use: str = "", colour: str | None = None) -> int:
        with self._write() as writer:
            return add_code(writer, name, parent, definition, when_to_use, when_not_to_use, colour)

    def update_code(self, name: str, **changes) -> None:
        with self._write() as writer:
            update_code(writer, require_code(writer.conn, name), **changes)

    def rename_code(self, name: str, new_name: str) -> None:
        with self._write() as writer:
            rename_code(writer, require_code(writer.conn, name), new_name)

    def move_code(self, name: str, parent: str | None) -> None:
        """Put a code under `parent` (None: at the top level)."""
        with self._write() as writer:
            move_code(writer, require_code(writer.conn, name), require_code(writer.conn, parent) if parent else None)

    def merge_codes(self, source: str, target: str) -> int:
        """Merge `source` into `target`: its codings and sub-codes follow; it is archived."""
        with self._write() as writer:
            return merge_codes(writer, require_code(writer.conn, source), require_code(writer.conn, target))

    def recolour_code(self, name: str, colour: str) -> None:
        with self._write() as writer:
            recolour_code(writer, require_code(writer.conn, name), colour)

    def archive_code(self, name: str, archived: bool = True) -> None:
        with self._write() as writer:
            archive_code(writer, require_code(writer.conn, name), archived)

    def set_code_example(self, name: str, coding_id: int | None) -> None:
        """Choose one of the code's codings as its example quote."""
        with self._write() as writer:
            set_example(writer, require_code(writer.conn, name), coding_id)

    def apply_code(self, document: str | int, code: str, start: int, end: int) -> int:
        """Code the span [start, end) of a document (Python string offsets)."""
        with self._write() as writer:
            return apply_code(writer, self._document_id(writer.conn, document), require_code(writer.conn, code), start, end)

    def remove_coding(self, coding_id: int, own_only: bool = False) -> None:
        """Remove a coding; with `own_only`, only one made by the acting member."""
        with self._write() as writer:
            if own_only:
                self._require_own(writer, coding_id)
            remove_coding(writer, coding_id)

    def recode(self, coding_id: int, code: str, own_only: bool = False) -> int:
        """Give a coding another code, keeping its span and who made it."""
        with self._write() as writer:
            if own_only:
                self._require_own(writer, coding_id)
            return recode(writer, coding_id, require_code(writer.conn, code))

    @staticmethod
    def _require_own(writer, coding_id: int) -> None:
        owner = coding_owner(writer, coding_id)
        if owner is not None and owner != writer.member_id:
            raise WorkbenchError("You can only change your own codings; ask the person who made it.")

    def add_memo(self, text: str, target_type: str = "project", target_id: int | None = None,
                 private: bool = False) -> int:
        with self._write() as writer:
            return add_memo(writer, text, target_type, target_id, private)

    # -- reading -------------------------------------------------------------------
    def _document_id(self, conn, document: str | int) -> int:
        column = documents.c.id if isinstance(document, int) else documents.c.name
        found = conn.execute(select(documents.c.id).where(column == document)).scalar()
        if found is None:
            raise WorkbenchError(f"There is no document '{document}' in this project.")
        return found

    def document_id(self, document: str | int) -> int:
        with self.store.read() as conn:
            return self._document_id(conn, document)

    def document_text(self, document: str | int) -> str:
        with self.store.read() as conn:
            return conn.execute(select(documents.c.text).where(documents.c.id == self._document_id(conn, document))).scalar()

    def documents(self) -> pd.DataFrame:
        return queries.documents_frame(self.store)

    def segments(self, document: str | int | None = None) -> pd.DataFrame:
        return queries.segments_frame(self.store, None if document is None else self.document_id(document))

    def participants(self) -> pd.DataFrame:
        return queries.participants_frame(self.store)

    def members(self) -> pd.DataFrame:
        return queries.members_frame(self.store)

    def codes(self) -> pd.DataFrame:
        return queries.codes_frame(self.store)

    def codings(self, document: str | int | None = None) -> pd.DataFrame:
        return queries.codings_frame(self.store, None if document is None else self.document_id(document))

    def memos(self) -> pd.DataFrame:
        return queries.memos_frame(self.store)

    def events(self) -> pd.DataFrame:
        return queries.events_frame(self.store)

    def document_codings(self, document: str | int) -> list[dict]:
        """One document's codings as plain rows (id, code, start, end, member, role)."""
        return queries.document_codings(self.store, self.document_id(document))

    def document_participants(self) -> pd.DataFrame:
        """Which participants speak in which document (document_id, participant)."""
        return queries.document_participants(self.store)

    def changes_since(self, event_id: int) -> tuple[int, set[str]]:
        """The newest event id, and what kinds of thing changed after `event_id`."""
        return queries.actions_since(self.store, event_id)

    def last_event_id(self) -> int:
        return queries.last_event_id(self.store)

    def summary(self) -> dict:
        return queries.counts(self.store)

    # -- agreement and consensus (issue 4) -------------------------------------------
    def mark_exclusive(self, group: str, level: str = "nominal", values=None) -> int:
        """Mark the sub-codes of `group` as mutually exclusive values (e.g. sentiment, a
        1-5 scale) measured at `level`: nominal, ordinal, interval or ratio. `values`: the
        sub-codes in order, or {sub-code: number}; by default numeric names are numbers."""
        from .agreement.groups import mark_exclusive

        with self._write() as writer:
            return mark_exclusive(writer, group, level, values)

    def exclusive_groups(self) -> pd.DataFrame:
        from .agreement.groups import read_groups

        with self.store.read() as conn:
            groups = read_groups(conn)
        return pd.DataFrame([{"group": g.name, "level": g.level, "code": code, "value": value}
                             for g in groups.values() for code, value in g.values.items()],
                            columns=["group", "level", "code", "value"])

    def unit_table(self, code: str, members=None, documents=None, unit: str = "segment") -> pd.DataFrame:
        """The unit x member table the statistics take for one code or exclusive group."""
        from .agreement.selection import Selection

        return Selection(self.store, members, documents, unit).unit_table(code)

    def agreement(self, members=None, documents=None, unit: str = "segment", codes=None,
                  skip_uncoded: bool = False):
        """Inter-coder agreement per code and per pair of members (an `AgreementReport`
        with `.codes` and `.pairs` DataFrames). `skip_uncoded` leaves out units nobody coded."""
        from .agreement.selection import Selection

        return Selection(self.store, members, documents, unit).report(codes, skip_uncoded)

    def disagreements(self, code: str, members=None, documents=None) -> pd.DataFrame:
        """Each segment where members differ about `code`, their codings side by side, with the text."""
        from .agreement.consensus import disagreements
        from .agreement.selection import Selection

        with self.store.read() as conn:
            require_code(conn, code)
        selection = Selection(self.store, members, documents)
        frame = disagreements(selection.tables, code, selection.groups.get(code))
        texts = queries.segments_frame(self.store).set_index("id")["text"]
        frame.insert(frame.columns.get_loc("end") + 1, "text", frame["segment_id"].map(texts))
        return frame

    def settlements(self) -> pd.DataFrame:
        """Every agreed version saved: who recorded it, who agreed it, how, and the memo."""
        from .agreement.consensus import settlements_frame

        return settlements_frame(self.events(), self.documents(), self.codes())

    def settle(self, document: str | int, code: str, *, agreed_by, segment: int | None = None,
               start: int | None = None, end: int | None = None, choose: str | None = None,
               merge: bool = False, value: str | None = None, discussion: str | None = None,
               consensus: str = "Consensus") -> list[int]:
        """Store the agreed version of `code` on one segment (by position) or span in the
        consensus layer: `choose` a member's codings, `merge` everyone's into one span,
        give an exclusive group's `value`, or write a new coding from `start` to `end`
        (document character offsets; with `segment`, inside that segment, and settling
        the segment again replaces it)."""
        from .agreement.settling import plan_settlement
        from .agreement.consensus import settle

        with self._write() as writer:
            plan = plan_settlement(writer.conn, self._document_id(writer.conn, document), code, segment, start, end,
                                   choose, merge, value)
            return settle(writer, agreed_by=list(agreed_by), discussion=discussion, consensus=consensus, **plan)

    # -- reliability: notes on where it is open, undo, backup (issue 8) ---------------
    @property
    def notes(self) -> tuple[str, ...]:
        """Plain warnings about how the project was opened (read-only, on a shared drive)."""
        return self.store.notes

    @property
    def read_only(self) -> bool:
        return self.store.read_only

    @classmethod
    def open_read_only(cls, target: str | Path) -> "Project":
        """Open for reading only (a partners' dashboard, a published snapshot): every
        change is refused, on PostgreSQL by the server as well."""
        return cls(Store.open(target, read_only=True))

    def undo(self) -> dict:
        """Take back the current member's own last change (a coding applied or removed,
        a code added or edited, a merge); the undo is logged. Returns what was undone."""
        from .store.undo import undo_last

        if self.actor is None:
            raise NoMemberChosen("Say who is undoing first, e.g. project.as_member('Alex Morgan', 'researcher').")
        return self.store.transaction(self.actor, undo_last, context=self.context)

    def backup(self, destination: str | Path) -> dict:
        """A consistent copy of the project in the SQLite file `destination`, made while
        others may be writing; returns the row count of each table."""
        from .store.transfer import backup

        counts = backup(self.store, Path(destination))
        self.record_artefact("backup", destination)  # issue 9
        return counts

    # -- themes with topic models (issue 5) ------------------------------------------
    def _topic_runner(self):
        from .topics.runs import TopicRunner

        runner = _TOPIC_RUNNERS.get(self.store)
        if runner is None:
            runner = _TOPIC_RUNNERS[self.store] = TopicRunner(self.store, self._write)
        runner.write = self._write  # changes are credited to whoever runs it now
        return runner

    def find_topics(self, *, kinds: list[str] | None = None, where: dict | None = None, code: str | None = None,
                    name: str | None = None, show_progress: bool = True, on_stage=None, **parameters) -> int:
        """Fit BERTopic over the chosen segments and save the run; returns its id.

        Choose segments by document `kinds`, attributes (`where={"role": "carer"}`) or a
        `code`. Parameters are those of `workbench.topics.TopicParameters`, e.g.
        `min_topic_size=10, nr_topics=None, guided=False, zero_shot=False,
        reduce_outliers=False, embedding_model=None`. Embeddings are cached in the
        project, and a re-run that changes only the clustering reuses the reduction.
        """
        from .topics import TopicParameters, frames, select_segments

        params = TopicParameters(**parameters)
        chosen = select_segments(frames.segments_with_text(self.store), frames.coded_spans(self.store),
                                 kinds, where, code)
        if self.actor is None:
            raise NoMemberChosen("Say who is working first, e.g. project.as_member('Alex Morgan', 'researcher').")
        selection = {"kinds": kinds, "where": where, "code": code}
        return self._topic_runner().run(chosen, params, self.codes(), name, selection, show_progress,
                                        on_stage or (lambda stage: None))

    def cancel_topics(self) -> None:
        """Stop a running `find_topics` (e.g. from a widget's button) at its next stage."""
        self._topic_runner().cancel()

    def warm_up_topics(self, background: bool = True):
        """Compile UMAP now (20-60 s on first use), off the person's path by default."""
        import threading

        from .topics.stages import warm_up_umap

        if not background:
            warm_up_umap()
            return None
        thread = threading.Thread(target=warm_up_umap, name="umap warm-up", daemon=True)
        thread.start()
        return thread

    def topic_runs(self) -> pd.DataFrame:
        from .topics import frames

        return frames.runs_frame(self.store)

    def topics(self, run: int | None = None) -> pd.DataFrame:
        """The topics of a run (the latest by default) with keywords, label, size, quotes."""
        from .topics import frames

        return frames.topics_frame(self.store, frames.require_run(self.store, run))

    def topic_assignments(self, run: int | None = None) -> pd.DataFrame:
        from .topics import frames

        return frames.assignments_frame(self.store, frames.require_run(self.store, run))

    def topic_crosswalk(self, run: int | None = None, include_machine: bool = False) -> pd.DataFrame:
        """Topics x codes: how many segments of each topic people coded with each code."""
        from .topics import frames

        return frames.crosswalk_frame(self.store, frames.require_run(self.store, run), include_machine)

    def topic_suggestions(self, run: int | None = None, status: str | None = None) -> pd.DataFrame:
        from .topics import frames

        found = frames.suggestions_frame(self.store, run)
        return found if status is None else found[found["status"] == status].reset_index(drop=True)

    def rename_topic(self, number: int, label: str, run: int | None = None) -> None:
        from .topics import frames, review

        with self._write() as writer:
            review.rename_topic(writer, frames.require_run(self.store, run), number, label)

    def merge_topics(self, numbers: list[int], label: str | None = None, run: int | None = None) -> int:
        from .topics import frames, review

        with self._write() as writer:
            return review.merge_topics(writer, frames.require_run(self.store, run), numbers, label)

    def discard_topic(self, number: int, run: int | None = None) -> None:
        from .topics import frames, review

        with self._write() as writer:
            review.discard_topic(writer, frames.require_run(self.store, run), number)

    def promote_topic_to_code(self, number: int, code: str, definition: str = "", run: int | None = None) -> int:
        """Suggest `code` (new or existing) for every segment of a topic, credited to
        the machine member "topic model"; returns how many suggestions were made."""
        from .topics import frames, review

        with self._write() as writer:
            return review.promote_to_code(writer, frames.require_run(self.store, run), number, code, definition)

    def promote_topic_to_theme(self, number: int, theme_name: str, definition: str = "", run: int | None = None) -> int:
        """Make a topic part of a theme, new or existing; returns the theme's id.

        A new theme's definition is `definition` or else the topic's label and
        keywords (an existing theme keeps its own). The theme records the run and topic
        it came from and who promoted it (see `topic_themes()`). If the topic was
        promoted to a code, that code joins the theme's codes, and a code the topic is
        promoted to later joins it then; until then the theme's evidence is the topic's
        representative quotes. Nothing is coded by promoting to a theme.
        """
        from .topics import frames, review

        with self._write() as writer:
            return review.promote_to_theme(writer, frames.require_run(self.store, run), number, theme_name,
                                           definition)["theme_id"]

    def topic_themes(self, theme: str | None = None) -> pd.DataFrame:
        """Topics promoted to themes: theme, run, topic, code, quotes, who and when."""
        from .topics import frames

        return frames.theme_topics_frame(self.store, theme)

    def accept_suggestions(self, ids: list[int] | int) -> int:
        """Accept suggested codings: each becomes a coding of your own."""
        from .topics import review

        with self._write() as writer:
            return review.decide_suggestions(writer, [ids] if isinstance(ids, int) else list(ids), accept=True)

    def reject_suggestions(self, ids: list[int] | int) -> int:
        from .topics import review

        with self._write() as writer:
            return review.decide_suggestions(writer, [ids] if isinstance(ids, int) else list(ids), accept=False)


    # -- privacy: withdrawal, pseudonyms, exports on record (issue 9) ------------------
    def record_artefact(self, kind: str, path: str | Path) -> int | None:
        """Record a file made from the project (export, snapshot, backup) so a later
        withdrawal lists it as stale. A read-only project cannot record: returns None."""
        from .privacy import record_artefact

        if self.read_only:
            return None
        actor = self.actor or Actor("workbench", "machine")
        with self.store.write(actor, self.context) as writer:
            return record_artefact(writer, kind, path)

    def artefacts(self) -> pd.DataFrame:
        """Every export, snapshot and backup on record, and which are stale."""
        from .privacy import artefacts_frame

        return artefacts_frame(self.store)

    def withdrawal_policy(self) -> tuple[str, str]:
        """The study's withdrawal policy ("erase" unless chosen) and what it means."""
        from .privacy.policy import current_policy, policy_statement

        with self.store.read() as conn:
            policy = current_policy(conn)
        return policy, policy_statement(policy)

    def set_withdrawal_policy(self, policy: str) -> str:
        """"erase" or "keep-analysed"; returns the plain statement of what it means."""
        from .privacy.policy import set_policy

        with self._write() as writer:
            return set_policy(writer, policy)

    def withdraw(self, participant: str, erase: bool | None = None, delete_stale: bool = False):
        """Record that `participant` (a pseudonym) withdrew. Under the "erase" policy
        (or `erase=True`) their words are removed everywhere and the file is scrubbed
        (WAL checkpointed, vacuumed); returns a WithdrawalReport listing the exports,
        snapshots and backups made before, which `delete_stale=True` deletes."""
        from .privacy import withdraw_participant
        from .privacy.artefacts import delete_files
        from .privacy.policy import current_policy
        from .privacy.scrub import scrub

        with self._write() as writer:
            if erase is None:
                erase = current_policy(writer.conn) == "erase"
            report = withdraw_participant(writer, participant, erase)
        if erase:
            scrub(self.store)
            if delete_stale:
                report.deleted = delete_files(report.stale)
        return report

    def import_pseudonymised(self, path: str | Path, key: str | Path, kind: str | None = None, **options):
        """Import a file with the real names listed in the key file (kept outside the
        project) replaced by pseudonyms; returns (ImportReport, review DataFrame)."""
        from .privacy.pseudonyms import load_key, pseudonymise

        path = Path(path)
        name_key = load_key(Path(key), self.store.sqlite_path)
        data = path.read_bytes() if path.is_file() else _missing(path)
        parsed, review = pseudonymise(parse_file(data, path.name, kind, **options), name_key)
        with self._write() as writer:
            return write_import(writer, parsed, sha256(data)), review

    # -- co-production: themes, dot-voting, ideas, images, contribution, involvement (issue 10)
    def _member_named(self, conn, name: str) -> tuple[int, str]:
        from .store.schema import members

        found = conn.execute(select(members.c.id, members.c.role).where(members.c.name == name)).first()
        if found is None:
            raise WorkbenchError(f"There is no member called '{name}' in this project; check the spelling.")
        return found.id, found.role

    def _on_behalf_of(self, member: str | None) -> "Project":
        """One shared screen: a facilitator enters `member`'s choice, credited to them."""
        if member is None or (self.actor and member == self.actor.name):
            return self
        if self.actor is None:
            raise NoMemberChosen("Say who is working first, e.g. project.as_member('Chris Lee', 'facilitator').")
        with self.store.read() as conn:
            _, role = self._member_named(conn, member)
        return self.acting_as(member, role, entered_by=self.actor.name)

    def add_theme(self, name: str, definition: str = "", codes: list[str] | None = None) -> int:
        """A theme grouping codes, credited to the acting member."""
        from .coproduction.themes import add_theme

        with self._write() as writer:
            return add_theme(writer, name, definition, codes or [])

    def add_codes_to_theme(self, theme: str, codes: list[str]) -> int:
        from .coproduction.themes import add_codes_to_theme

        with self._write() as writer:
            return add_codes_to_theme(writer, theme, codes)

    def themes(self) -> pd.DataFrame:
        """Themes with their codes, who made them, and the dots they received."""
        from .coproduction.themes import themes_frame

        frame = themes_frame(self.store)
        votes = self.votes()
        dots = votes[votes["target_type"] == "theme"].groupby("target_id")["dots"].sum()
        frame["dots"] = frame["id"].map(dots).fillna(0).astype(int)
        return frame

    def start_voting(self, name: str, dots: int = 3, mode: str = "facilitated") -> int:
        """A dot-voting session: each member may place `dots` dots; `mode` is
        "facilitated" (one screen) or "individual" (each on their own)."""
        from .coproduction.voting import start_session

        with self._write() as writer:
            return start_session(writer, name, dots, mode)

    def vote(self, session: str, target: str | int, on: str = "theme", dots: int = 1, member: str | None = None) -> int:
        """Place dots on a theme or code (by name), or an idea or segment (by id). With
        `member`, a facilitator places them for that member, credited to them."""
        from .coproduction.voting import cast

        with self._on_behalf_of(member)._write() as writer:
            return cast(writer, session, on, target, dots)

    def take_back_vote(self, session: str, member: str | None = None) -> int:
        """Take back your (or `member`'s) most recent dots in `session`."""
        from .coproduction.voting import take_back

        with self._on_behalf_of(member)._write() as writer:
            return take_back(writer, session)

    def votes(self, session: str | None = None) -> pd.DataFrame:
        from .coproduction.voting import votes_frame

        return votes_frame(self.store, session)

    def voting_sessions(self) -> pd.DataFrame:
        from .coproduction.voting import sessions_frame

        return sessions_frame(self.store)

    def vote_results(self, session: str | None = None) -> pd.DataFrame:
        """Ranked: dots and voters per option, and dots from each role."""
        from .coproduction.voting import results

        return results(self.votes(session))

    def capture_idea(self, text: str | None = None, *, segment: int | None = None, document: str | int | None = None,
                     start: int | None = None, end: int | None = None, theme: str | None = None,
                     proposed_by: str | None = None) -> int:
        """Record an idea ("you said"), from a segment or sticky note, a span of a
        document, or typed; `proposed_by` is the member who raised it (default: you)."""
        from .coproduction.ideas import capture

        with self._write() as writer:
            document_id = self._document_id(writer.conn, document) if document is not None else None
            proposer = self._member_named(writer.conn, proposed_by)[0] if proposed_by else None
            return capture(writer, text, document_id=document_id, start=start, end=end, segment_id=segment,
                           theme=theme, proposed_by=proposer)

    def update_idea(self, idea: int, *, status: str | None = None, response: str | None = None,
                    reason: str | None = None, owner: str | None = None, due: str | None = None) -> None:
        """What the team did: status (new, being considered, taken forward, not taken
        forward), the response, the reason, an owner (a member) and a due date."""
        from .coproduction.ideas import update

        with self._write() as writer:
            owner_id = self._member_named(writer.conn, owner)[0] if owner else None
            update(writer, idea, status=status, response=response, reason=reason, owner_id=owner_id, due=due)

    def ideas(self) -> pd.DataFrame:
        from .coproduction.ideas import ideas_frame

        return ideas_frame(self.store)

    def you_said_we_did(self) -> pd.DataFrame:
        """The partners' table: each idea, what happened to it and why, in plain words."""
        from .coproduction.ideas import you_said_we_did

        return you_said_we_did(self.ideas())

    def poll_results(self, document: str | int | None = None) -> pd.DataFrame:
        """Each workshop poll's options ranked by votes, with their share and how many
        comments people added (every poll, or the one named)."""
        from .coproduction.polls import poll_results

        segments = self.segments(document)
        if document is not None and not (segments["kind"] == "poll option").any():
            raise WorkbenchError(f"'{document}' is not a poll; polls are imported with kind='poll'.")
        return poll_results(segments)

    def add_image_story(self, name: str, image: str | Path, story: str, alt_text: str) -> ImportReport:
        """An image from a workshop and the story told about it: the story becomes a
        document to code; the image is kept with it (PNG, JPEG, GIF or WebP)."""
        from .coproduction.images import media_type, parse_story, write_story

        path = Path(image)
        data = path.read_bytes() if path.is_file() else _missing(path)
        kind = media_type(data, path.name)
        parsed = parse_story(name, story, path.name, alt_text)  # all checked before writing
        with self._write() as writer:
            return write_story(writer, parsed, data, kind, alt_text)

    def image_story(self, document: str | int):
        """The image, its description and its story (`.html()` shows them side by side)."""
        from .coproduction.images import read_story

        return read_story(self.store, self.document_id(document), str(document))

    def word_counts(self, document: str | int | None = None) -> pd.DataFrame:
        """The counts behind a word cloud of one-line answers (all such documents by default)."""
        from .coproduction.words import word_counts

        segments = self.segments(document)
        if document is None:
            named = self.documents().set_index("name")["kind"]
            segments = segments[segments["document"].map(named) == "one-line answers"]
        return word_counts(segments["text"])

    def board(self, document: str | int | None = None) -> pd.DataFrame:
        """Sticky notes with their cluster, author, colour and the codes on them."""
        from .coproduction.words import board_frame

        return board_frame(self.segments(document), self.codings(document))

    def contributions(self) -> pd.DataFrame:
        """Every contribution with who made it and in which role (no private memos)."""
        from .coproduction.contribution import contributions

        return contributions(self.codes(), self.codings(), self.memos(), self.themes(), self.votes(), self.ideas(),
                             self.members())

    def contribution_by_role(self, theme: str | None = None) -> pd.DataFrame:
        """Who shaped this analysis: counts, people and examples per role, for the
        study or for one theme."""
        from .coproduction.contribution import by_role

        if theme is not None:
            with self.store.read() as conn:
                from .coproduction.themes import require_theme

                require_theme(conn, theme)
        return by_role(self.contributions(), theme)

    def _involvement_activity(self):
        from .coproduction.contribution import by_role
        from .coproduction.involvement import Activity

        with self.store.read() as conn:
            title = conn.execute(select(project_info.c.value).where(project_info.c.key == "title")).scalar()
        return Activity(title or "this study", self.members(), self.documents(), self.voting_sessions(), self.votes(),
                        self.ideas(), by_role(self.contributions()), self.themes())

    def involvement_report(self) -> pd.DataFrame:
        """The GRIPP2 short form, drafted from the project's activity; sections the team
        edited (`edit_involvement_section`) show their edit."""
        from .coproduction import involvement, saved_sections

        return involvement.sections_frame(involvement.draft(self._involvement_activity()),
                                          saved_sections.load(self.store, involvement.REPORT))

    def edit_involvement_section(self, section: str, text: str) -> None:
        """Replace a section's draft: aim, methods, results, outcomes or reflection."""
        from .coproduction import involvement, saved_sections

        with self._write() as writer:
            saved_sections.save(writer, involvement.REPORT, section, text, involvement.SECTION_KEYS)

    def reset_involvement_section(self, section: str) -> None:
        from .coproduction import involvement, saved_sections

        with self._write() as writer:
            saved_sections.reset(writer, involvement.REPORT, section)

    def export_involvement_report(self, path: str | Path, overwrite: bool = False) -> Path:
        """Write the involvement report (GRIPP2 short form) as a Word document."""
        from .coproduction.involvement import who_took_part
        from .coproduction.report_docx import involvement_docx

        path = Path(path)
        if path.suffix.lower() != ".docx":
            raise WorkbenchError(f"{path.name}: the involvement report is a Word file; give a name ending in .docx.")
        if path.exists() and not overwrite:
            raise WorkbenchError(f"{path} exists already; choose another name, or replace it (--force).")
        if not path.parent.is_dir():
            raise WorkbenchError(f"The folder {path.parent} does not exist; create it or choose another.")
        activity = self._involvement_activity()
        data = involvement_docx(activity.title, self.involvement_report(),
                                who_took_part(activity.members, activity.contribution))
        path.write_bytes(data)
        self.record_artefact("report", path)
        return path

    # -- publishing, figures and reports (issue 6) -----------------------------------
    def findings_tables(self) -> dict:
        """What a partners' dashboard may show, as DataFrames: withdrawn participants
        left out, pseudonyms only, private memos left out (see workbench.publish.tables)."""
        from .publish import findings_tables

        return findings_tables(self)

    def publish(self, outdir: str | Path, force: bool = False) -> Path:
        """Write a read-only snapshot (`outdir/findings.db`) and the dashboards beside it."""
        from .publish import publish

        target = publish(self, outdir, force)
        self.record_artefact("snapshot", target)  # a later withdrawal lists it as stale (issue 9)
        return target

    def findings_figures(self) -> dict:
        """Every figure of the Findings dashboard, by name: {name: plotly figure}."""
        from .figures.findings import dashboard_figures

        return dashboard_figures(self.findings_tables())

    def export_figures(self, outdir: str | Path, formats=("png", "svg", "pdf")) -> list[Path]:
        """Every dashboard figure as 300 dpi PNG, SVG and/or PDF files in `outdir`."""
        from .figures.export import save_figures

        return save_figures(self.findings_figures(), outdir, formats)

    def write_report(self, outdir: str | Path, force: bool = False) -> list[Path]:
        """report.docx, tables.xlsx and codings/quotes-by-theme/codebook CSV files in `outdir`."""
        from .publish import write_csvs, write_excel, write_word

        outdir = Path(outdir)
        targets = [outdir / "report.docx", outdir / "tables.xlsx"]
        if not force and any(target.exists() for target in targets):
            raise WorkbenchError(f"{outdir} already holds a report; choose another folder, or replace it (--force).")
        tables = self.findings_tables()
        outdir.mkdir(parents=True, exist_ok=True)
        written = [write_word(tables, targets[0]), write_excel(tables, targets[1]), *write_csvs(tables, outdir)]
        for path in written:
            self.record_artefact("report" if path.suffix == ".docx" else "export", path)
        return written


def _missing(path: Path):
    raise ImportProblem(str(path), "does not exist.", "Check the file name and folder.")


# Per open store, so reduced embeddings survive between runs (issue 5).
_TOPIC_RUNNERS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _is_url(target) -> bool:
    return "://" in str(target)

