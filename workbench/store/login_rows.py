"""Row checks the database itself makes for the lead's PostgreSQL logins (issue 17).

The rights of each login (`hub/database_roles.py`) say which tables it may write; these
triggers say which rows. They fire only for the logins named in `member_logins` (each
trigger's WHEN names them), so the project owner's connection, and every SQLite file,
pay nothing. SQLSTATE 42501 (insufficient privilege) on every refusal.

- viewer: a memo, event or undo row must carry the viewer's own member id, and be about
  memos (an event may also be the log's undo or redo of the viewer's own change).
- member (researcher, partner, facilitator): every row carrying a member (`MEMBER_COLUMNS`)
  carries their own, on insert and update (who made a row, `MADE`, never changes; who
  last wrote it, `WRITTEN`, becomes them); rows that belong to someone (`OWNED`) are
  changed or deleted only by their owner. A coding of a member who is not a person (the
  topic model, the consensus of a settling) is anyone's to write. A facilitator enters a
  partner's work as the API records it: the row carries the partner, and the log entry
  for that very row, in this transaction, names the facilitator (as `entered_by`, or as
  the one who acted); nothing else in another's name. A log entry names the member its
  member id is; an undo or redo names a batch of that member's. Members may add only
  members who are not people; who has access, the settings (blind coding, withdrawal
  policy) and participants' consent are the lead's (by the login's rights, not here).
  Checked at commit, row by row for member logins only: a facilitator's row is written
  before the log entry that vouches for it.
- lead: no row checks (the lead works for others, withdraws, settles).
"""

from __future__ import annotations

# Rows that belong to a member: inserted, changed and deleted only as theirs.
OWNED = {"codings": "member_id", "memos": "member_id", "votes": "member_id", "theme_responses": "member_id",
         "undo_steps": "member_id", "events": "member_id"}
# Rows that credit who made them: inserted as one's own, the credit never moved after.
MADE = {"codes": "created_by", "documents": "imported_by", "themes": "created_by", "theme_codes": "added_by",
        "vote_sessions": "created_by", "artefacts": "made_by", "theme_topics": "added_by",
        "topic_runs": "created_by", "theme_reviews": "reviewed_by", "saved_queries": "created_by",
        "sets": "created_by", "ideas": "proposed_by"}
# Rows that credit who last wrote them: whoever changes one becomes it.
WRITTEN = {"exclusive_groups": "marked_by", "report_sections": "edited_by", "framework_cells": "written_by",
           "topic_suggestions": "decided_by"}
MEMBER_COLUMNS = {**OWNED, **MADE, **WRITTEN}

VIEWER_ROWS_FUNCTION = """
CREATE OR REPLACE FUNCTION workbench_viewer_rows() RETURNS trigger AS $$
DECLARE mine integer;
BEGIN
  SELECT member_id INTO mine FROM member_logins WHERE login = current_user AND level = 'viewer';
  IF mine IS NULL THEN
    RETURN COALESCE(NEW, OLD);
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.member_id IS DISTINCT FROM mine THEN
    RAISE EXCEPTION 'a viewer may change only their own memos' USING ERRCODE = '42501';
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    IF NEW.member_id IS DISTINCT FROM mine THEN
      RAISE EXCEPTION 'a viewer may write only in their own name' USING ERRCODE = '42501';
    END IF;
    IF TG_TABLE_NAME = 'events' THEN
      IF NEW.entity = 'events' AND NEW.action IN ('undo', 'redo') THEN
        IF NOT workbench_own_batch(NEW.details, NEW.action, mine) THEN
          RAISE EXCEPTION 'a viewer may undo only their own changes' USING ERRCODE = '42501';
        END IF;
      ELSIF NEW.entity <> 'memos' THEN
        RAISE EXCEPTION 'a viewer may log only memos' USING ERRCODE = '42501';
      END IF;
    ELSIF TG_TABLE_NAME = 'undo_steps' THEN
      IF NEW.table_name <> 'memos' THEN
        RAISE EXCEPTION 'a viewer may undo only memos' USING ERRCODE = '42501';
      END IF;
    END IF;
  END IF;
  RETURN COALESCE(NEW, OLD);
END; $$ LANGUAGE plpgsql
"""

# Whether the batch an undo (or redo) log entry names is one of `member`'s own.
OWN_BATCH_FUNCTION = """
CREATE OR REPLACE FUNCTION workbench_own_batch(p_details text, p_action text, p_member integer) RETURNS boolean AS $$
  SELECT EXISTS (SELECT 1 FROM undo_steps WHERE member_id = p_member
                 AND batch = (p_details::jsonb ->> CASE WHEN p_action = 'undo' THEN 'undid' ELSE 'redid' END))
$$ LANGUAGE sql STABLE
"""

MEMBER_ROWS_FUNCTION = """
CREATE OR REPLACE FUNCTION workbench_member_rows() RETURNS trigger AS $$
DECLARE
  mine integer; my_name text; my_role text;
  col text := TG_ARGV[0];
  tbl text := TG_TABLE_NAME;  -- in the default collation (a name's is "C"), so the log's index serves
  kind text := TG_ARGV[1];  -- owned, made or written
  fresh jsonb := CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) END;
  stale jsonb := CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb(OLD) END;
  row_data jsonb := COALESCE(fresh, stale);
  new_owner integer;
  old_owner integer;
  named text;
  needs_voucher boolean;
BEGIN
  SELECT l.member_id, m.name, m.role INTO mine, my_name, my_role
    FROM member_logins l JOIN members m ON m.id = l.member_id WHERE l.login = current_user AND l.level = 'member';
  IF mine IS NULL THEN
    RETURN NULL;
  END IF;
  IF TG_TABLE_NAME = 'members' THEN
    IF fresh ->> 'role' NOT IN ('machine', 'consensus') THEN
      RAISE EXCEPTION 'only the project lead adds people to the project' USING ERRCODE = '42501';
    END IF;
    RETURN NULL;
  END IF;
  new_owner := (fresh ->> col)::integer;
  old_owner := (stale ->> col)::integer;
  IF TG_TABLE_NAME = 'events' THEN
    IF new_owner IS NULL THEN
      named := 'workbench';
    ELSE
      SELECT name INTO named FROM members WHERE id = new_owner;
    END IF;
    IF fresh ->> 'actor' IS DISTINCT FROM named THEN
      RAISE EXCEPTION 'a log entry must name the member it is credited to' USING ERRCODE = '42501';
    END IF;
    IF fresh ->> 'entity' = 'events' AND fresh ->> 'action' IN ('undo', 'redo')
       AND NOT workbench_own_batch(fresh ->> 'details', fresh ->> 'action', new_owner) THEN
      RAISE EXCEPTION 'an undo or redo must be of one''s own change' USING ERRCODE = '42501';
    END IF;
  END IF;
  needs_voucher := CASE TG_OP
    WHEN 'INSERT' THEN NOT workbench_own_value(new_owner, mine, TG_TABLE_NAME)
    WHEN 'UPDATE' THEN CASE kind
      WHEN 'owned' THEN NOT (workbench_own_value(old_owner, mine, TG_TABLE_NAME)
                             AND workbench_own_value(new_owner, mine, TG_TABLE_NAME))
      WHEN 'made' THEN new_owner IS DISTINCT FROM old_owner
      ELSE new_owner IS DISTINCT FROM old_owner AND NOT workbench_own_value(new_owner, mine, TG_TABLE_NAME) END
    ELSE kind = 'owned' AND NOT workbench_own_value(old_owner, mine, TG_TABLE_NAME)
  END;
  IF NOT needs_voucher THEN
    RETURN NULL;
  END IF;
  IF my_role = 'facilitator' AND (CASE TG_TABLE_NAME
      WHEN 'events' THEN (fresh ->> 'details')::jsonb ->> 'entered_by' = my_name
      WHEN 'undo_steps' THEN EXISTS (
        SELECT 1 FROM events e WHERE e.id = (row_data ->> 'event_id')::integer
          AND (e.member_id = mine OR e.details::jsonb ->> 'entered_by' = my_name))
      ELSE EXISTS (
        SELECT 1 FROM events e WHERE e.entity = tbl AND e.entity_id = (row_data ->> 'id')::integer
          AND e.xmin::text = (txid_current() % 4294967296)::text
          AND (e.member_id = mine OR e.details::jsonb ->> 'entered_by' = my_name))
    END) THEN
    RETURN NULL;  -- a facilitator entering someone's work, on record as such
  END IF;
  RAISE EXCEPTION 'a member''s login may write only in their own name (% on %)', lower(TG_OP), TG_TABLE_NAME
    USING ERRCODE = '42501';
END; $$ LANGUAGE plpgsql
"""

# Nobody's (NULL), one's own, or, on codings, a member who is not a person.
OWN_VALUE_FUNCTION = """
CREATE OR REPLACE FUNCTION workbench_own_value(p_candidate integer, p_mine integer, p_table text) RETURNS boolean AS $$
  SELECT p_candidate IS NULL OR p_candidate = p_mine OR (p_table = 'codings' AND EXISTS (
    SELECT 1 FROM members WHERE id = p_candidate AND role IN ('machine', 'consensus')))
$$ LANGUAGE sql STABLE
"""

VIEWER_TRIGGERS = (("memos", "INSERT OR UPDATE OR DELETE"), ("events", "INSERT"), ("undo_steps", "INSERT"))


def _member_triggers() -> list[tuple[str, str, str, tuple[str, str]]]:
    """(table, trigger name, events, arguments) of the member checks."""
    made = [("members", "members_member_rows", "INSERT", ("role", "people"))]
    for table, column in MEMBER_COLUMNS.items():
        verbs = "INSERT" if table == "events" else "INSERT OR UPDATE OR DELETE"
        kind = "owned" if table in OWNED else "made" if table in MADE else "written"
        made.append((table, f"{table}_member_rows", verbs, (column, kind)))
    return made


def remake_login_triggers(cursor) -> None:
    """(Re)make the row checks for the logins in `member_logins`, on a psycopg cursor of
    the project owner's connection (in its transaction): none for a level nobody has."""
    from psycopg import sql

    cursor.execute("SELECT login, level FROM member_logins ORDER BY login")
    logins = cursor.fetchall()
    viewers = [login for login, level in logins if level == "viewer"]
    members = [login for login, level in logins if level == "member"]
    for function in (OWN_BATCH_FUNCTION, OWN_VALUE_FUNCTION, VIEWER_ROWS_FUNCTION, MEMBER_ROWS_FUNCTION):
        cursor.execute(function)

    def named(who: list[str]):
        return sql.SQL(", ").join(sql.Literal(login) for login in who)

    for table, verbs in VIEWER_TRIGGERS:
        trigger, name = sql.Identifier(f"{table}_viewer_rows"), sql.Identifier(table)
        cursor.execute(sql.SQL("DROP TRIGGER IF EXISTS {} ON {}").format(trigger, name))
        if viewers:
            cursor.execute(sql.SQL("CREATE TRIGGER {} BEFORE " + verbs + " ON {} FOR EACH ROW "
                                   "WHEN (current_user IN ({})) EXECUTE FUNCTION workbench_viewer_rows()")
                           .format(trigger, name, named(viewers)))
    for table, trigger_name, verbs, arguments in _member_triggers():
        trigger, name = sql.Identifier(trigger_name), sql.Identifier(table)
        cursor.execute(sql.SQL("DROP TRIGGER IF EXISTS {} ON {}").format(trigger, name))
        if members:
            cursor.execute(sql.SQL("CREATE CONSTRAINT TRIGGER {} AFTER " + verbs + " ON {} "
                                   "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (current_user IN ({})) "
                                   "EXECUTE FUNCTION workbench_member_rows({}, {})")
                           .format(trigger, name, named(members), *map(sql.Literal, arguments)))
    if any(level == "member" for _, level in logins):  # what vouches for a facilitator's entry is found by row
        cursor.execute("CREATE INDEX IF NOT EXISTS events_entity_row ON events (entity, entity_id)")


def remake_for_migration(conn) -> None:
    """Migration 0020_member_rows: a PostgreSQL project whose lead gave logins gains the
    member checks (and the viewers' undo of their own memos) without a new grant."""
    if conn.dialect.name != "postgresql":
        return
    from sqlalchemy import inspect, text

    if not inspect(conn).has_table("member_logins"):
        return
    if conn.execute(text("SELECT count(*) FROM member_logins")).scalar():
        with conn.connection.dbapi_connection.cursor() as cursor:
            remake_login_triggers(cursor)
