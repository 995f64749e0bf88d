"""Named schema migrations, applied in order, each in its own transaction.

A new project gets the current schema in one step and every migration is marked as
applied. An existing project runs the migrations it has not seen yet, after a copy of
the file is saved beside it (`<name>.bak-<migration>`), as Taguette and sqlite-utils do.
Each migration must bring a project from the schema before it to the schema after it.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Connection, Engine, inspect, select, text

from .clock import now
from .migration_partner_ready import artefacts_made_by_nobody
from .schema import GUID_TABLES, metadata, schema_migrations
from .schema_exchange import create_exchange_tables
from .schema_access import create_member_logins, create_team_access
from .migration_scale import undo_check_without_in_list
from .login_rows import remake_for_migration
from .migration_text_length import store_text_lengths


def _append_only_events(conn: Connection) -> None:
    if conn.dialect.name == "sqlite":
        for verb in ("UPDATE", "DELETE"):
            conn.execute(text(
                f"CREATE TRIGGER IF NOT EXISTS events_no_{verb.lower()} BEFORE {verb} ON events "
                "BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END"
            ))
    elif conn.dialect.name == "postgresql":
        conn.execute(text(
            "CREATE OR REPLACE FUNCTION events_append_only() RETURNS trigger AS $$ "
            "BEGIN RAISE EXCEPTION 'the event log is append-only'; END; $$ LANGUAGE plpgsql"
        ))
        conn.execute(text(
            "CREATE OR REPLACE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events "
            "FOR EACH ROW EXECUTE FUNCTION events_append_only()"
        ))


def _refi_guids(conn: Connection) -> None:
    """A `guid` column on the tables a REFI-QDA file refers to; old rows keep NULL
    (an export derives a stable one for them)."""
    for table in GUID_TABLES:
        if "guid" not in {column["name"] for column in inspect(conn).get_columns(table)}:
            conn.execute(text(f"ALTER TABLE {table} ADD COLUMN guid VARCHAR(36)"))


def _exclusive_groups(conn: Connection) -> None:
    """The table that marks a code group as mutually exclusive (agreement statistics)."""
    from .schema import exclusive_groups

    exclusive_groups.create(conn, checkfirst=True)


def _reliability(conn: Connection) -> None:
    """The undo_steps table that undo reads (issue 8)."""
    from .schema import undo_steps

    undo_steps.create(conn, checkfirst=True)  # with its indexes


def _topics(conn: Connection) -> None:
    """Topic runs, topics, assignments, suggestions and the embedding cache (issue 5)."""
    from .schema import TOPIC_TABLES

    metadata.create_all(conn, tables=list(TOPIC_TABLES))


def _code_examples(conn: Connection) -> None:
    """An example quote for each code, chosen from its codings (codebook editor)."""
    if "example_coding_id" not in {column["name"] for column in inspect(conn).get_columns("codes")}:
        conn.execute(text("ALTER TABLE codes ADD COLUMN example_coding_id INTEGER"))


def _coproduction(conn: Connection) -> None:
    """Themes, dot-voting, ideas ("you said, we did"), images with stories and the
    involvement report's edited sections (issue 10)."""
    from .schema import COPRODUCTION_TABLES

    metadata.create_all(conn, tables=list(COPRODUCTION_TABLES))


def _privacy(conn: Connection) -> None:
    """The register of exports, snapshots and backups a withdrawal marks stale (issue 9)."""
    from .schema import artefacts

    artefacts.create(conn, checkfirst=True)


def _topic_themes(conn: Connection) -> None:
    """The link from a theme to the topic (and run) it was promoted from (issue 5)."""
    from .schema import theme_topics

    theme_topics.create(conn, checkfirst=True)  # with its index


def _themes_and_memos(conn: Connection) -> None:
    """Memo types and edits, memos on themes; a theme's summary, parent, status; theme
    reviews and partners' responses (issue 14)."""
    from .schema_themes import THEME_REVIEW_TABLES
    from .migration_themes_memos import upgrade_memos, upgrade_themes

    upgrade_memos(conn)
    upgrade_themes(conn)
    metadata.create_all(conn, tables=list(THEME_REVIEW_TABLES))


def _analysis(conn: Connection) -> None:
    """Saved queries, document and code sets, framework matrix cells (issue 13)."""
    from .schema_analysis import ANALYSIS_TABLES

    metadata.create_all(conn, tables=list(ANALYSIS_TABLES))


# (name, function) in the order they run. Never rename or reorder a released one.
MIGRATIONS: list[tuple[str, Callable[[Connection], None]]] = [
    ("0001_initial_schema", lambda conn: metadata.create_all(conn)),
    ("0002_append_only_event_log", _append_only_events),
    ("0003_agreement", _exclusive_groups),
    ("0004_topics", _topics),
    ("0005_refi_guids", _refi_guids),
    ("0006_reliability", _reliability),
    ("0007_code_examples", _code_examples),
    ("0008_coproduction", _coproduction),
    ("0009_privacy", _privacy),
    ("0010_topic_themes", _topic_themes),
    ("0011_analysis", _analysis),
    ("0012_exchange", create_exchange_tables),
    ("0013_themes_and_memos", _themes_and_memos),
    ("0014_partner_ready", artefacts_made_by_nobody),
    ("0015_team_access", create_team_access),
    ("0018_team_server", create_member_logins),
    ("0019_scale", undo_check_without_in_list),
    ("0020_member_rows", remake_for_migration),
    ("0022_text_length", store_text_lengths),
]


def applied_migrations(engine: Engine) -> list[str]:
    if not inspect(engine).has_table("schema_migrations"):
        return []
    with engine.connect() as conn:
        done = [row[0] for row in conn.execute(select(schema_migrations.c.name))]
    order = {name: index for index, (name, _) in enumerate(MIGRATIONS)}  # the order they run, not by name
    return sorted(done, key=lambda name: (order.get(name, len(order)), name))


def pending_migrations(engine: Engine) -> list[str]:
    done = set(applied_migrations(engine))
    return [name for name, _ in MIGRATIONS if name not in done]


def create_schema(engine: Engine) -> None:
    """Give an empty store the current schema and mark every migration applied."""
    with engine.connect().execution_options(workbench_write=True) as conn, conn.begin():
        metadata.create_all(conn)
        _append_only_events(conn)
        conn.execute(
            schema_migrations.insert(),
            [{"name": name, "applied_at": now()} for name, _ in MIGRATIONS],
        )


def migrate(engine: Engine, sqlite_path: Path | None) -> list[str]:
    """Run pending migrations on an existing store; return their names."""
    pending = pending_migrations(engine)
    if not pending:
        return []
    if sqlite_path is not None:
        backup_sqlite(sqlite_path, sqlite_path.with_name(f"{sqlite_path.name}.bak-{pending[0]}"))
    functions = dict(MIGRATIONS)
    applied = []
    for name in pending:
        with engine.connect().execution_options(workbench_write=True) as conn, conn.begin():
            # Others opening the project at the same moment may have run it while we
            # waited for the write lock.
            if conn.execute(select(schema_migrations.c.name).where(schema_migrations.c.name == name)).first():
                continue
            functions[name](conn)
            conn.execute(schema_migrations.insert().values(name=name, applied_at=now()))
            applied.append(name)
    return applied


def backup_sqlite(source: Path, destination: Path) -> Path:
    """A consistent copy of a live SQLite file, made with SQLite's backup API."""
    with closing(sqlite3.connect(source, timeout=30)) as src, closing(sqlite3.connect(destination, timeout=30)) as dst:
        src.backup(dst)
    return destination
