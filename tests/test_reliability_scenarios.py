"""The long reliability scenarios: many writers at once on SQLite and PostgreSQL,
kill -9 in the middle of writes, a full disk, backups taken while others write.

Each prints its figures (rows, errors, seconds)."""

import json
import multiprocessing
import os
import random
import signal
import sqlite3
import subprocess
import time

import pytest
from sqlalchemy import func, select

from workbench import Project
from workbench.errors import DiskFull, WorkbenchError
from workbench.store import Actor, Store
from workbench.store.schema import codes, codings, events
from workbench.store.transfer import backup

pytestmark = pytest.mark.slow

WRITERS, APPLICATIONS = 8, 500
DOCUMENT = ("Rose: " + "I waited all day for my tablets and nobody told me why. " * 12 + "\n").encode()


def _figures(name: str, **figures) -> None:
    print(f"\n{name}: " + json.dumps(figures))


def _coder(target: str, member: str, count: int, results) -> None:
    errors = []
    try:
        with Project.open(target, member=member, role="researcher") as project:
            for start in range(count):
                try:
                    project.apply_code("rose", "Waiting", start, start + 1 + len(member) % 7)
                except Exception as exc:  # any failure reaching a user counts
                    errors.append(f"{type(exc).__name__}: {exc}")
    except Exception as exc:
        errors.append(f"opening: {type(exc).__name__}: {exc}")
    finally:
        results.put((member, errors))


def _consistent_copy(path) -> dict:
    """A backup's integrity, and whether every coding in it came with its event."""
    with sqlite3.connect(path) as conn:
        verdict = conn.execute("PRAGMA integrity_check").fetchone()[0]
        rows = conn.execute("SELECT count(*) FROM codings").fetchone()[0]
        logged = conn.execute("SELECT count(*) FROM events WHERE action = 'coding.apply'").fetchone()[0]
    return {"integrity": verdict, "rows": rows, "events": logged}


def _back_up_while_others_write(target, processes, folder, most: int = 3) -> list[dict]:
    taken = []
    store = Store.open(target)
    try:
        while len(taken) < most and any(process.is_alive() for process in processes):
            time.sleep(0.3)
            with store.read() as conn:
                if conn.execute(select(func.count()).select_from(codings)).scalar() < 1000 * (len(taken) + 1):
                    continue
            path = folder / f"backup-{len(taken)}.db"
            began = time.perf_counter()
            backup(store, path)
            taken.append({**_consistent_copy(path), "seconds": round(time.perf_counter() - began, 2)})
    finally:
        store.close()
    return taken


def _many_writers(target: str, backup_folder) -> dict:
    with Project.create(target, member="Alex Morgan") as project:
        project.import_bytes(DOCUMENT, "rose.txt")
        project.add_code("Waiting")
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    members = [f"coder {n}" for n in range(WRITERS)]
    began = time.perf_counter()
    processes = [context.Process(target=_coder, args=(target, m, APPLICATIONS, results)) for m in members]
    for process in processes:
        process.start()
    backups = _back_up_while_others_write(target, processes, backup_folder)
    reports = dict(results.get(timeout=300) for _ in processes)
    for process in processes:
        process.join(60)
        assert process.exitcode == 0
    seconds = time.perf_counter() - began
    with Project.open(target) as project:
        rows = project.codings()
        logged = project.events().query("action == 'coding.apply'")
    errors = [error for member in members for error in reports[member]]
    return {"rows": len(rows), "events": len(logged), "errors": len(errors), "first_error": errors[:1],
            "backups_during_writes": backups,
            "per_member": rows.groupby("member").size().to_dict(), "seconds": round(seconds, 1)}


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_eight_writers_apply_500_codes_each_and_nothing_is_lost(backend, tmp_path, request):
    target = str(tmp_path / "busy.db") if backend == "sqlite" else request.getfixturevalue("postgres_url")
    figures = _many_writers(target, tmp_path)
    _figures(f"many writers on {backend}", **{k: v for k, v in figures.items() if k != "per_member"})
    assert figures["errors"] == 0, figures["first_error"]
    assert figures["rows"] == figures["events"] == WRITERS * APPLICATIONS
    assert set(figures["per_member"].values()) == {APPLICATIONS}
    backups = figures["backups_during_writes"]
    assert backups and all(b["integrity"] == "ok" and b["rows"] == b["events"] for b in backups)
    assert any(0 < b["rows"] < WRITERS * APPLICATIONS for b in backups)  # taken mid-way


# -- kill -9 in the middle of writing ------------------------------------------------------

def _write_batches_forever(path: str, batch: int) -> None:
    store = Store.open(path)
    actor = Actor("Crash Tester", "researcher")
    while True:
        with store.write(actor) as writer:
            code = writer.insert(codes, {"name": f"batch {os.getpid()} {time.time_ns()}", "colour": "#000000",
                                         "created_by": writer.member_id, "created_at": "now"}, "code.create")
            writer.insert_many(codings, [{"document_id": 1, "code_id": code, "start": n, "end": n + 1,
                                          "member_id": writer.member_id, "created_at": "now"}
                                         for n in range(batch)], "coding.apply")


def _batch_sizes(target: str) -> tuple[list[int], int]:
    """Codings per batch code, and coding.apply events, read through the store."""
    store = Store.open(target)
    try:
        with store.read() as conn:
            sizes = conn.execute(select(func.count(codings.c.id)).select_from(codes)
                                 .outerjoin(codings, codings.c.code_id == codes.c.id).group_by(codes.c.id)).scalars().all()
            logged = conn.execute(select(func.count()).select_from(events)
                                  .where(events.c.action == "coding.apply")).scalar()
        return sizes, logged
    finally:
        store.close()


# A PostgreSQL batch takes longer (a round trip per row): smaller batches, a longer window.
@pytest.mark.parametrize("backend, runs, batch, window", [("sqlite", 50, 200, 0.6), ("postgresql", 20, 50, 1.0)])
def test_kill_9_in_the_middle_of_writes_leaves_whole_batches_and_a_sound_database(backend, runs, batch, window,
                                                                                  tmp_path, request):
    target = str(tmp_path / "crash.db") if backend == "sqlite" else request.getfixturevalue("postgres_url")
    with Project.create(target, member="Alex Morgan") as project:
        project.import_bytes(DOCUMENT, "rose.txt")
    context, rng = multiprocessing.get_context("fork"), random.Random(8)
    began = time.perf_counter()
    for run in range(runs):
        child = context.Process(target=_write_batches_forever, args=(target, batch))
        child.start()
        time.sleep(rng.uniform(0.05, window))
        os.kill(child.pid, signal.SIGKILL)
        child.join()
        if backend == "sqlite":
            with sqlite3.connect(target) as conn:
                assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok", f"run {run}"
            conn.close()
        sizes, logged = _batch_sizes(target)  # a killed writer's lock is released: this read and the next run go on
        assert set(sizes) <= {batch}, f"run {run}: a half-written batch"
        assert logged == batch * len(sizes)
    _figures(f"kill -9 on {backend}", runs=runs, batch=batch, whole_batches=len(sizes), rows=batch * len(sizes), half_batches=0,
             seconds=round(time.perf_counter() - began, 1))
    assert len(sizes) >= 3  # the runs did write between kills


# -- a full disk, a read-only mount ----------------------------------------------------
def _mount(*arguments):
    done = subprocess.run(["mount", *arguments], capture_output=True, text=True)
    if done.returncode:
        pytest.fail(f"These tests mount a small file system and need root: {done.stderr.strip()}")


def test_a_full_disk_gives_a_plain_message_keeps_saved_work_and_resumes_with_room(tmp_path):
    small = tmp_path / "small-disk"
    small.mkdir()
    _mount("-t", "tmpfs", "-o", "size=1200k", "tmpfs", str(small))
    try:
        project = Project.create(small / "project.db", member="Alex Morgan")
        project.import_bytes(DOCUMENT, "rose.txt")
        saved, failure = 0, None
        for batch in range(500):
            try:
                with project._write() as writer:
                    code = writer.insert(codes, {"name": f"batch {batch}", "colour": "#000000",
                                                 "created_by": writer.member_id, "created_at": "now"}, "code.create")
                    writer.insert_many(codings, [{"document_id": 1, "code_id": code, "start": n, "end": n + 1,
                                                  "member_id": writer.member_id, "created_at": "now"}
                                                 for n in range(50)], "coding.apply")
                saved += 1
            except WorkbenchError as exc:
                failure = exc
                break
        assert isinstance(failure, DiskFull), failure
        assert "no room left" in str(failure) and "intact" in str(failure)
        assert len(project.codings()) == 50 * saved and len(project.codes()) == saved
        with project.store.read() as conn:
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
        with pytest.raises(DiskFull, match="no room for the backup"):
            project.backup(small / "backup.db")
        assert sorted(path.name for path in small.iterdir() if path.name.startswith("backup")) == []
        _mount("-o", "remount,size=16m", str(small))
        project.add_code("After the clear-out")
        assert len(project.codes()) == saved + 1
        _figures("full disk", disk_kib=1200, batches_saved=saved, rows=50 * saved, error=type(failure).__name__)
        project.close()
    finally:
        subprocess.run(["umount", "-l", str(small)], check=False)


def test_a_project_on_a_read_only_mount_is_read_with_a_note(tmp_path):
    folder, mounted = tmp_path / "published", tmp_path / "read-only-view"
    folder.mkdir()
    mounted.mkdir()
    with Project.create(folder / "project.db", member="Alex Morgan") as project:
        project.add_code("Waiting")
    _mount("--bind", str(folder), str(mounted))
    try:
        _mount("-o", "remount,bind,ro", str(mounted))
        with Project.open(mounted / "project.db", member="Jo Bennett") as opened:
            assert opened.read_only and "read-only folder" in opened.notes[0]
            assert list(opened.codes()["name"]) == ["Waiting"]
            with pytest.raises(WorkbenchError, match="editing is disabled"):
                opened.add_code("Feeling rushed")
    finally:
        subprocess.run(["umount", str(mounted)], check=False)


# -- restore while others write --------------------------------------------------------
def test_restore_while_others_are_writing_leaves_a_sound_consistent_project(tmp_path):
    target = str(tmp_path / "live.db")
    with Project.create(target, member="Alex Morgan") as project:
        project.import_bytes(DOCUMENT, "rose.txt")
        project.add_code("Waiting")
        project.backup(tmp_path / "start.db")
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    processes = [context.Process(target=_coder, args=(target, f"coder {n}", 150, results)) for n in range(3)]
    for process in processes:
        process.start()
    while _consistent_copy(target)["rows"] < 60:  # let them get going
        time.sleep(0.2)
    from workbench.store.transfer import restore

    restore(tmp_path / "start.db", target, Actor("Alex Morgan", "researcher"))
    reports = dict(results.get(timeout=300) for _ in processes)
    for process in processes:
        process.join(60)
    errors = [error for found in reports.values() for error in found]
    final = _consistent_copy(target)
    _figures("restore during writes", errors=len(errors), **final)
    assert errors == [] and final["integrity"] == "ok" and final["rows"] == final["events"]
    assert final["rows"] < 3 * 150  # the restore took the project back part-way
