"""The register of files made from the project that hold participants' words.

Whoever writes an export, a published snapshot or a backup records it here
(`record_artefact`); a withdrawal marks every earlier one stale and lists them, so
the team knows which copies to delete or remake. Publishing (dashboards) calls the
same two functions.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from sqlalchemy import insert, select

from ..errors import WorkbenchError
from ..store import Store, Writer
from ..store.clock import now
from ..store.schema import ARTEFACT_KINDS, artefacts, members


def record_artefact(writer: Writer, kind: str, path: str | Path) -> int:
    if kind not in ARTEFACT_KINDS:
        raise WorkbenchError(f"'{kind}' is not a kind of export the workbench records; use one of: "
                             + ", ".join(ARTEFACT_KINDS) + ".")
    values = {"kind": kind, "path": str(Path(path).resolve()), "made_at": now(), "made_by": writer.member_id}
    if writer.member_id is None:  # made with nobody named: logged, nothing for anyone to undo
        row_id = writer.conn.execute(insert(artefacts).values(**values)).inserted_primary_key[0]
        writer.log("artefact.record", "artefacts", row_id, values)
        return row_id
    return writer.insert(artefacts, values, "artefact.record")


def mark_stale(writer: Writer, reason: str) -> list[dict]:
    """Mark every artefact not yet stale as stale (`reason` must hold no participant
    text); returns them as {id, kind, path, made_at}."""
    fresh = writer.conn.execute(select(artefacts.c.id, artefacts.c.kind, artefacts.c.path, artefacts.c.made_at)
                                .where(artefacts.c.stale_since.is_(None)).order_by(artefacts.c.id)).mappings().all()
    at = now()
    for row in fresh:
        writer.update(artefacts, row["id"], {"stale_since": at, "stale_reason": reason}, "artefact.stale")
    return [dict(row) for row in fresh]


def artefacts_frame(store: Store) -> pd.DataFrame:
    """Every recorded export, snapshot and backup: where, when, by whom, and whether a
    withdrawal made it stale."""
    query = (select(artefacts.c.id, artefacts.c.kind, artefacts.c.path, artefacts.c.made_at,
                    members.c.name.label("made_by"), artefacts.c.stale_since, artefacts.c.stale_reason)
             .outerjoin(members, members.c.id == artefacts.c.made_by).order_by(artefacts.c.id))
    frame = store.dataframe(query)
    frame["made_by"] = frame["made_by"].fillna("")  # nobody named when it was made
    frame["exists"] = frame["path"].map(lambda path: Path(path).exists())
    return frame


def delete_files(stale: list[dict]) -> list[str]:
    """Delete the stale files that are still where they were written; returns their
    paths. Copies elsewhere (sent by email, on a USB stick) are the team's to find."""
    deleted = []
    for item in stale:
        path = Path(item["path"])
        for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            if leftover.is_file():
                leftover.unlink()
                if leftover == path:
                    deleted.append(str(path))
    return deleted
