"""Which access level may do what, and the one plain sentence said when it may not.

Levels: 'lead' (members' access, withdrawal, publishing, revealing blind layers, and
everything a member does), 'member' (codes, memos, themes: every ordinary change) and
'viewer' (reads and writes memos, i.e. comments, only). Plain functions, consulted by
the Project facade; on PostgreSQL the database enforces the viewer's limit as well.
"""

from __future__ import annotations

from ..errors import WorkbenchError

# What a viewer's changes may touch: memos are how a viewer comments ("events": the
# log's own entry for an undo or redo, whose changes are logged each as their own).
VIEWER_TABLES = frozenset({"memos", "events"})


class PermissionRefused(WorkbenchError):
    """The acting member's access level does not allow this."""


def require_lead(name: str | None, level: str, action: str) -> None:
    if level != "lead":
        raise PermissionRefused(
            f"Only the project lead can {action}; {name or 'whoever is working'} is a {level} here, so ask the lead.")


def refuse_viewer_change(name: str, tables: list[str]) -> None:
    """Raised inside the write transaction, so nothing of the change is kept."""
    if tables:
        what = ", ".join(sorted(t.replace("_", " ") for t in tables))  # e.g. "codings, codes"
        raise PermissionRefused(
            f"{name} is a viewer in this project and can read and add memos but not change {what}; "
            "ask the project lead for member access.")


def require_facilitator(name: str, role: str, level: str, asked: str) -> None:
    """On a team server only a facilitator or the lead may enter work for someone else."""
    if role != "facilitator" and level != "lead":
        raise PermissionRefused(
            f"You are signed in as {name}, so you cannot work as '{asked}': only a facilitator or the project lead "
            "can enter work for someone else.")
