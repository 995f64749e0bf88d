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
        return export_refi(self.store, path, include_private=include_private, overwrite=overwrite)

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
        give an exclusive group's `value`, or give a new `start`/`end`."""
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

        return backup(self.store, Path(destination))

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
        from .topics import TopicParameters, select_segments

        params = TopicParameters(**parameters)
        chosen = select_segments(self.segments(), self.documents(), self.participants(), self.codings(),
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

    def accept_suggestions(self, ids: list[int] | int) -> int:
        """Accept suggested codings: each becomes a coding of your own."""
        from .topics import review

        with self._write() as writer:
            return review.decide_suggestions(writer, [ids] if isinstance(ids, int) else list(ids), accept=True)

    def reject_suggestions(self, ids: list[int] | int) -> int:
        from .topics import review

        with self._write() as writer:
            return review.decide_suggestions(writer, [ids] if isinstance(ids, int) else list(ids), accept=False)


# Per open store, so reduced embeddings survive between runs (issue 5).
_TOPIC_RUNNERS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _is_url(target) -> bool:
    return "://" in str(target)

