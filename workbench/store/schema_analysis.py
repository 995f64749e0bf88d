"""The analysis workspace's tables (issue 13, migration 0011_analysis); same `metadata`
as schema.py, gathered by store/__init__.py.

- `saved_queries`: a retrieval query (plain JSON, see `workbench.analysis.query.Query`)
  kept under a name for reuse.
- `sets` and `set_members`: a named list of documents or of codes. A static set lists
  its members in `set_members` (one row per document or code: `document_id` for a
  document set, `code_id` for a code set, the other NULL). A set made from a saved
  query keeps the query's JSON in `query_json` instead and has no member rows: its
  documents (or codes) are those of the query's passages, worked out when it is used.
  `guid` is the REFI-QDA exchange id (document sets and code sets of a .qdpx file);
  names are unique within a kind.
- `framework_cells`: the Framework Method's charting: for one case (a participant or a
  document) and one code or theme, the summary the team wrote (`text`), who wrote it
  and when, and the passages it rests on (`passages`: JSON [[document_id, start, end],
  ...]). Written through the Writer, so logged and undoable.
"""

from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, Integer, String, Table, Text, UniqueConstraint

from .schema import metadata, new_guid

SET_KINDS = ("documents", "codes")
CASE_TYPES = ("participant", "document")
CELL_TARGETS = ("code", "theme")

saved_queries = Table(
    "saved_queries",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("query_json", Text, nullable=False),
    Column("created_by", Integer, ForeignKey("members.id"), nullable=False),
    Column("created_at", String(40), nullable=False),
)

sets = Table(
    "sets",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("query_json", Text),
    Column("guid", String(36), default=new_guid),
    Column("description", Text, nullable=False, default=""),
    Column("created_by", Integer, ForeignKey("members.id"), nullable=False),
    Column("created_at", String(40), nullable=False),
    UniqueConstraint("kind", "name"),
    CheckConstraint("kind IN ('" + "','".join(SET_KINDS) + "')", name="set_kind_known"),
)

set_members = Table(
    "set_members",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("set_id", Integer, ForeignKey("sets.id", ondelete="CASCADE"), nullable=False),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE")),
    Column("code_id", Integer, ForeignKey("codes.id", ondelete="CASCADE")),
    CheckConstraint("(document_id IS NULL) <> (code_id IS NULL)", name="set_member_one_kind"),
)
Index("set_members_set", set_members.c.set_id)

framework_cells = Table(
    "framework_cells",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_type", String(20), nullable=False),
    Column("case_id", Integer, nullable=False),
    Column("target_type", String(20), nullable=False),
    Column("target_id", Integer, nullable=False),
    Column("text", Text, nullable=False, default=""),
    Column("passages", Text, nullable=False, default="[]"),
    Column("written_by", Integer, ForeignKey("members.id"), nullable=False),
    Column("written_at", String(40), nullable=False),
    UniqueConstraint("case_type", "case_id", "target_type", "target_id"),
    CheckConstraint("case_type IN ('" + "','".join(CASE_TYPES) + "')", name="framework_case_known"),
    CheckConstraint("target_type IN ('" + "','".join(CELL_TARGETS) + "')", name="framework_target_known"),
)

ANALYSIS_TABLES = (saved_queries, sets, set_members, framework_cells)
