"""The project schema, one SQLAlchemy Core table per noun of the data model.

Offsets (`start`, `end`) everywhere are Python string indices into the stored
document text, which is NFC-normalised at import. They are *not* byte offsets and
*not* JavaScript UTF-16 offsets: convert at those boundaries.
"""

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

MEMBER_ROLES = ("researcher", "lived-experience partner", "facilitator", "machine", "consensus")
DOCUMENT_KINDS = (
    "interview",
    "focus group",
    "workshop board",
    "poll",
    "one-line answers",
    "survey",
    "notes",
)
CONSENT_STATES = ("given", "withdrawn", "unknown")

schema_migrations = Table(
    "schema_migrations",
    metadata,
    Column("name", String(200), primary_key=True),
    Column("applied_at", String(40), nullable=False),
)

project_info = Table(
    "project_info",
    metadata,
    Column("key", String(100), primary_key=True),
    Column("value", Text, nullable=False),
)

members = Table(
    "members",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("role", String(40), nullable=False),
    Column("created_at", String(40), nullable=False),
    CheckConstraint("role IN ('" + "','".join(MEMBER_ROLES) + "')", name="member_role_known"),
)

participants = Table(
    "participants",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("pseudonym", String(200), nullable=False, unique=True),
    Column("attributes", Text, nullable=False, default="{}"),
    Column("consent", String(20), nullable=False, default="given"),
    Column("created_at", String(40), nullable=False),
    CheckConstraint("consent IN ('" + "','".join(CONSENT_STATES) + "')", name="consent_known"),
)

documents = Table(
    "documents",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(300), nullable=False, unique=True),
    Column("kind", String(40), nullable=False),
    Column("text", Text, nullable=False),
    Column("origin_filename", String(500), nullable=False),
    Column("origin_sha256", String(64), nullable=False),
    Column("attributes", Text, nullable=False, default="{}"),
    Column("imported_at", String(40), nullable=False),
    Column("imported_by", Integer, ForeignKey("members.id"), nullable=False),
    CheckConstraint("kind IN ('" + "','".join(DOCUMENT_KINDS) + "')", name="document_kind_known"),
)
Index("documents_origin", documents.c.origin_sha256)

segments = Table(
    "segments",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("position", Integer, nullable=False),
    Column("kind", String(40), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("speaker", String(200)),
    Column("participant_id", Integer, ForeignKey("participants.id")),
    Column("time_start", Float),
    Column("time_end", Float),
    Column("attributes", Text, nullable=False, default="{}"),
    UniqueConstraint("document_id", "position"),
    CheckConstraint('"start" <= "end"', name="segment_span_ordered"),
)

codes = Table(
    "codes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("parent_id", Integer, ForeignKey("codes.id")),
    Column("definition", Text, nullable=False, default=""),
    Column("when_to_use", Text, nullable=False, default=""),
    Column("when_not_to_use", Text, nullable=False, default=""),
    Column("colour", String(20), nullable=False),
    Column("archived", Boolean, nullable=False, default=False),
    Column("created_by", Integer, ForeignKey("members.id"), nullable=False),
    Column("created_at", String(40), nullable=False),
)

codings = Table(
    "codings",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("code_id", Integer, ForeignKey("codes.id"), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("member_id", Integer, ForeignKey("members.id"), nullable=False),
    Column("created_at", String(40), nullable=False),
    UniqueConstraint("document_id", "code_id", "start", "end", "member_id"),
    CheckConstraint('"start" < "end"', name="coding_span_not_empty"),
)
Index("codings_document", codings.c.document_id, codings.c.start)

memos = Table(
    "memos",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("target_type", String(20), nullable=False),
    Column("target_id", Integer),
    Column("text", Text, nullable=False),
    Column("private", Boolean, nullable=False, default=False),
    Column("member_id", Integer, ForeignKey("members.id"), nullable=False),
    Column("created_at", String(40), nullable=False),
    CheckConstraint(
        "target_type IN ('project','document','segment','code','coding')", name="memo_target_known"
    ),
)

# Append-only: triggers (see migrations) refuse UPDATE and DELETE on this table.
events = Table(
    "events",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("at", String(40), nullable=False),
    Column("member_id", Integer, ForeignKey("members.id")),
    Column("actor", String(200), nullable=False),
    Column("role", String(40), nullable=False),
    Column("action", String(60), nullable=False),
    Column("entity", String(40), nullable=False),
    Column("entity_id", Integer),
    Column("details", Text, nullable=False, default="{}"),
)
