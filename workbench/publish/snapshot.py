"""A published snapshot: a new SQLite file holding only what the dashboards show,
with the dashboard notebooks beside it, opened read-only (`immutable=1`) by them."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
from contextlib import closing
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import quote

import pandas as pd

from ..errors import WorkbenchError
from .tables import findings_tables

SNAPSHOT_NAME = "findings.db"
FORMAT = "workbench-findings-1"
DASHBOARDS = Path(__file__).resolve().parents[2] / "dashboards"
READ_ONLY = stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH


def publish(project, outdir: str | Path, force: bool = False, group_by: str | None = None) -> Path:
    """Write `outdir/findings.db` and the dashboards; return the snapshot's path.
    `group_by` names the participants' attribute that says which group someone is in."""
    outdir = Path(outdir)
    target = outdir / SNAPSHOT_NAME
    if outdir.exists() and not outdir.is_dir():
        raise WorkbenchError(f"{outdir} is a file; give a folder to publish into.")
    if target.exists() and not force:
        raise WorkbenchError(f"{target} exists already; publish into a new folder, or replace it (--force).")
    tables = findings_tables(project, group_by)  # everything is read before anything is written
    tables["about"] = pd.concat([tables["about"], pd.DataFrame({
        "key": ["format", "published_at"], "value": [FORMAT, datetime.now(timezone.utc).isoformat(timespec="seconds")]})])
    outdir.mkdir(parents=True, exist_ok=True)
    building = outdir / f".{SNAPSHOT_NAME}.building"
    building.unlink(missing_ok=True)
    with closing(sqlite3.connect(building)) as conn:
        # a new file, renamed into place only when complete: no journal needed while writing it
        conn.execute("PRAGMA journal_mode = OFF")
        conn.execute("PRAGMA synchronous = OFF")
        for name, frame in tables.items():
            frame.to_sql(name, conn, index=False)
        conn.commit()
    os.chmod(building, READ_ONLY)
    if target.exists():
        os.chmod(target, READ_ONLY | stat.S_IWUSR)
    os.replace(building, target)
    for notebook in sorted(DASHBOARDS.glob("*.ipynb")):
        shutil.copyfile(notebook, outdir / notebook.name)
    return target


def read_snapshot(path: str | Path) -> dict[str, pd.DataFrame]:
    """Every table of a snapshot, read through an immutable read-only connection."""
    path = Path(path)
    if path.is_dir():
        path = path / SNAPSHOT_NAME
    if not path.is_file():
        raise WorkbenchError(f"There is no published snapshot at {path}; make one with `workbench publish PROJECT OUTDIR`.")
    uri = f"file:{quote(str(path.resolve()))}?immutable=1"
    try:
        with closing(sqlite3.connect(uri, uri=True)) as conn:
            names = [row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
            tables = {name: pd.read_sql(f'SELECT * FROM "{name}"', conn) for name in names}
    except sqlite3.DatabaseError:
        raise WorkbenchError(f"{path} is not a published snapshot; make one with `workbench publish`.") from None
    about = tables.get("about")
    if about is None or FORMAT not in set(about["value"]):
        raise WorkbenchError(f"{path} is not a published snapshot; make one with `workbench publish`.")
    return tables
