"""Where the project is open, undo and backups (issue 8)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import NoMemberChosen
from ..store import Store

if TYPE_CHECKING:
    from . import Project


class Reliability:
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
        from ..store.undo import undo_last

        if self.actor is None:
            raise NoMemberChosen("Say who is undoing first, e.g. project.as_member('Alex Morgan', 'researcher').")
        return self.store.transaction(self.actor, self._within_limits(undo_last), context=self.context)

    def _within_limits(self, work):
        """`work(writer)` held to the acting member's access level (a viewer undoes and
        redoes their own memos only), as every other write is."""
        def limited(writer):
            with self._viewer_limits(writer):
                return work(writer)
        return limited

    def backup(self, destination: str | Path) -> dict:
        """A consistent copy of the project in the SQLite file `destination`, made while
        others may be writing; returns the row count of each table."""
        from ..store.transfer import backup

        if self._blind_hides_others():  # a backup holds every layer (issue 17)
            self._require_lead("make a backup while blind coding is on (it holds everyone's codings)")
        counts = backup(self.store, Path(destination))
        self.record_artefact("backup", destination)  # issue 9
        return counts
