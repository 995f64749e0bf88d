"""Database failures a user can act on, in plain words, and retries for the
transient ones (PostgreSQL serialization failures and deadlocks)."""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError

from ..errors import DiskFull, ProjectBusy, ProjectReadOnly, WorkbenchError

RETRYABLE_SQLSTATES = {"40001", "40P01"}  # serialization failure, deadlock detected
DISK_FULL_SQLSTATES = {"53100"}


def sqlstate(exc: DBAPIError) -> str | None:
    return getattr(exc.orig, "sqlstate", None)


def is_retryable(exc: BaseException) -> bool:
    return isinstance(exc, DBAPIError) and sqlstate(exc) in RETRYABLE_SQLSTATES


def plain_error(exc: DBAPIError, where: str) -> WorkbenchError | None:
    """The WorkbenchError a database failure means for the user, or None if it is a bug."""
    message = str(exc.orig).lower()
    if "database is locked" in message or "database is busy" in message or is_retryable(exc):
        return ProjectBusy(
            f"The project {where} is busy: others have been saving changes for longer than the wait; "
            "nothing of this change was saved, so try it again in a moment."
        )
    if "database or disk is full" in message or sqlstate(exc) in DISK_FULL_SQLSTATES or "no space left" in message:
        return DiskFull(
            f"There is no room left on the disk holding the project {where}; this change was not saved "
            "and the work saved before it is intact: free some space, then try again."
        )
    if sqlstate(exc) == "42501":  # insufficient privilege: a database login's rights (issue 17)
        return ProjectReadOnly(
            f"Your database login for the project {where} may not make this change, so nothing was saved; "
            "ask the project lead if you need to."
        )
    if "readonly database" in message or "read-only" in message:
        return ProjectReadOnly(
            f"The project {where} cannot be changed from here (it is read-only); "
            "ask its owner for write access or work on a copy."
        )
    return None
