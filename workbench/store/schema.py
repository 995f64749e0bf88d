"""The project schema, one SQLAlchemy Core table per noun of the data model.

Offsets (`start`, `end`) everywhere are Python string indices into the stored
document text, which is NFC-normalised at import. They are *not* byte offsets and
*not* JavaScript UTF-16 offsets: convert at those boundaries.
"""

from uuid import uuid4

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    func,
)

metadata = MetaData()

# Tables a REFI-QDA (.qdpx) file refers to by GUID carry one; new rows get a uuid4.
GUID_TABLES = ("members", "participants", "documents", "codes", "codings", "memos")


def new_guid() -> str:
    return str(uuid4())


def text_length(context) -> int | None:
    """A new document's length in characters, from the text being inserted (the column
    default of `documents.text_length`); None where it cannot tell (readers then
    count the text)."""
    text = context.get_current_parameters().get("text") if context is not None else None
    return len(text) if isinstance(text, str) else None


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
MEMO_TARGETS = ("project", "document", "segment", "code", "coding", "theme", "framework cell")
MEMO_TYPES = ("analytic", "reflexive", "method", "meeting")

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
    Column("guid", String(36), default=new_guid),  # REFI-QDA exchange id (migration 0005)
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
    Column("guid", String(36), default=new_guid),  # REFI-QDA exchange id (migration 0005)
    CheckConstraint("consent IN ('" + "','".join(CONSENT_STATES) + "')", name="consent_known"),
)

documents = Table(
    "documents",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(300), nullable=False, unique=True),
    Column("kind", String(40), nullable=False),
    # The text's length in characters (migration 0022_text_length), kept before the
    # text in a new project so that reading it never walks a long text's pages:
    # checking a span against it is every coding's check (issue 16). Withdrawal masks
    # characters but keeps the length; read it as `DOCUMENT_LENGTH`.
    Column("text_length", Integer, default=text_length),
    Column("text", Text, nullable=False),
    Column("origin_filename", String(500), nullable=False),
    Column("origin_sha256", String(64), nullable=False),
    Column("attributes", Text, nullable=False, default="{}"),
    Column("imported_at", String(40), nullable=False),
    Column("imported_by", Integer, ForeignKey("members.id"), nullable=False),
    Column("guid", String(36), default=new_guid),  # REFI-QDA exchange id (migration 0005)
    CheckConstraint("kind IN ('" + "','".join(DOCUMENT_KINDS) + "')", name="document_kind_known"),
)
Index("documents_origin", documents.c.origin_sha256)
# A document's length in characters: the stored one, else (a row written without it)
# the text counted.
DOCUMENT_LENGTH = func.coalesce(documents.c.text_length, func.length(documents.c.text))

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
    Column("guid", String(36), default=new_guid),  # REFI-QDA exchange id (migration 0005)
    Column("example_coding_id", Integer),  # a coding whose words illustrate the code (migration 0007)
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
    Column("guid", String(36), default=new_guid),  # REFI-QDA exchange id (migration 0005)
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
    Column("guid", String(36), default=new_guid),  # REFI-QDA exchange id (migration 0005)
    # migration 0013_themes_and_memos: a type, when last edited, themes and framework cells as targets
    Column("memo_type", String(20), nullable=False, default="analytic"),
    Column("updated_at", String(40)),
    CheckConstraint("target_type IN ('" + "','".join(MEMO_TARGETS) + "')", name="memo_target_known"),
    CheckConstraint("memo_type IN ('" + "','".join(MEMO_TYPES) + "')", name="memo_type_known"),
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

# A code group whose children exclude each other (e.g. sentiment, or a 1-5 scale):
# each member gives at most one of them per unit, which agreement statistics read as
# one categorical value. `child_values` is JSON: [[child code id, number], ...] in order.
EXCLUSIVE_LEVELS = ("nominal", "ordinal", "interval", "ratio")
exclusive_groups = Table(
    "exclusive_groups",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code_id", Integer, ForeignKey("codes.id"), nullable=False, unique=True),
    Column("level", String(20), nullable=False),
    Column("child_values", Text, nullable=False, default="[]"),
    Column("marked_by", Integer, ForeignKey("members.id"), nullable=False),
    Column("marked_at", String(40), nullable=False),
    CheckConstraint("level IN ('" + "','".join(EXCLUSIVE_LEVELS) + "')", name="exclusive_level_known"),
)

# What undo needs (migration 0006_reliability): each logged insert, update or delete,
# grouped by the write transaction (`batch`) it belongs to, with the row's values
# before and after for the undoable tables (the codebook and codings) only, so no
# participant text (documents, memos) is kept here. `row_id` is NULL for text keys.
UNDO_CHANGES = ("insert", "update", "delete")
undo_steps = Table(
    "undo_steps",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("event_id", Integer, ForeignKey("events.id"), nullable=False),
    Column("batch", String(32), nullable=False),
    Column("member_id", Integer, ForeignKey("members.id"), nullable=False),
    Column("table_name", String(60), nullable=False),
    Column("row_id", Integer),
    Column("change", String(10), nullable=False),
    Column("old_values", Text),
    Column("new_values", Text),
    # ORs, not IN: SQLite builds an IN list afresh for every row checked (issue 16)
    CheckConstraint(" OR ".join(f"change = '{change}'" for change in UNDO_CHANGES), name="undo_change_known"),
)
Index("undo_steps_member", undo_steps.c.member_id, undo_steps.c.id)
Index("undo_steps_row", undo_steps.c.table_name, undo_steps.c.row_id)

# -- topic models (issue 5, migration 0004_topics) ----------------------------------
# A run keeps its parameters as JSON; its topics carry an editable label and a status
# people set (candidate, discarded, merged into another topic, promoted to a code).
TOPIC_STATES = ("candidate", "discarded", "merged", "promoted")
SUGGESTION_STATES = ("suggested", "accepted", "rejected")

topic_runs = Table(
    "topic_runs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False),
    Column("embedding_model", String(500), nullable=False),
    Column("parameters", Text, nullable=False, default="{}"),
    Column("segment_count", Integer, nullable=False),
    Column("created_by", Integer, ForeignKey("members.id"), nullable=False),
    Column("created_at", String(40), nullable=False),
)

topics = Table(
    "topics",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("run_id", Integer, ForeignKey("topic_runs.id", ondelete="CASCADE"), nullable=False),
    Column("number", Integer, nullable=False),  # BERTopic's topic number; -1 is the outliers
    Column("label", String(300), nullable=False),
    Column("keywords", Text, nullable=False, default="[]"),  # JSON [[word, weight], ...]
    Column("representative_segments", Text, nullable=False, default="[]"),  # JSON [segment id, ...]
    Column("size", Integer, nullable=False),
    Column("status", String(20), nullable=False, default="candidate"),
    Column("merged_into", Integer, ForeignKey("topics.id")),
    Column("code_id", Integer, ForeignKey("codes.id")),
    UniqueConstraint("run_id", "number"),
    CheckConstraint("status IN ('" + "','".join(TOPIC_STATES) + "')", name="topic_status_known"),
)

topic_assignments = Table(
    "topic_assignments",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("run_id", Integer, ForeignKey("topic_runs.id", ondelete="CASCADE"), nullable=False),
    Column("segment_id", Integer, ForeignKey("segments.id", ondelete="CASCADE"), nullable=False),
    Column("topic_id", Integer, ForeignKey("topics.id"), nullable=False),
    Column("x", Float, nullable=False),  # a 2D position for the topic map
    Column("y", Float, nullable=False),
    UniqueConstraint("run_id", "segment_id"),
)
Index("topic_assignments_topic", topic_assignments.c.topic_id)

# Derived data, kept so a second run embeds nothing already seen: float32 bytes.
embedding_cache = Table(
    "embedding_cache",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("model", String(500), nullable=False),
    Column("text_sha256", String(64), nullable=False),
    Column("dimensions", Integer, nullable=False),
    Column("vector", LargeBinary, nullable=False),
    UniqueConstraint("model", "text_sha256"),
)

# A topic promoted to a code: each segment of the topic becomes a coding credited to
# the machine member ("topic model"); people accept (it becomes their own coding too)
# or reject each suggestion.
topic_suggestions = Table(
    "topic_suggestions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("topic_id", Integer, ForeignKey("topics.id"), nullable=False),
    Column("machine_coding_id", Integer, ForeignKey("codings.id"), nullable=False, unique=True),
    Column("status", String(20), nullable=False, default="suggested"),
    Column("decided_by", Integer, ForeignKey("members.id")),
    Column("decided_at", String(40)),
    Column("accepted_coding_id", Integer, ForeignKey("codings.id")),
    CheckConstraint("status IN ('" + "','".join(SUGGESTION_STATES) + "')", name="suggestion_status_known"),
)
# The reduced embeddings (and 2D layout) of a set of segments, so a later session can
# re-cluster without running UMAP again. `key` hashes the embeddings and parameters.
reduction_cache = Table(
    "reduction_cache",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("key", String(64), nullable=False, unique=True),
    Column("rows", Integer, nullable=False),
    Column("dimensions", Integer, nullable=False),
    Column("reduced", LargeBinary, nullable=False),  # float32, rows x dimensions
    Column("layout", LargeBinary, nullable=False),  # float32, rows x 2
    Column("created_at", String(40), nullable=False),
)
TOPIC_TABLES = (topic_runs, topics, topic_assignments, embedding_cache, topic_suggestions, reduction_cache)

# -- co-production (issue 10, migration 0008_coproduction) ---------------------------
# Themes group codes; members dot-vote on themes, ideas, codes or sticky notes; ideas
# ("you said, we did") are followed from a segment to the team's response; an image
# document keeps its picture beside the story told about it; the involvement report's
# edited sections are kept so the next export starts from them.
VOTE_TARGETS = ("theme", "idea", "code", "segment")
VOTE_MODES = ("facilitated", "individual")
THEME_STATES = ("candidate", "reviewed", "final")
IDEA_STATES = ("new", "being considered", "taken forward", "not taken forward")

themes = Table(
    "themes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("definition", Text, nullable=False, default=""),
    Column("created_by", Integer, ForeignKey("members.id"), nullable=False),
    Column("created_at", String(40), nullable=False),
    # migration 0013_themes_and_memos: the central idea, a parent theme, candidate/reviewed/final
    Column("summary", Text, nullable=False, default=""),
    # deferred: a copy to PostgreSQL inserts in id order, and a parent may be a later theme
    Column("parent_id", Integer, ForeignKey("themes.id", ondelete="SET NULL", deferrable=True, initially="DEFERRED")),
    Column("status", String(20), nullable=False, default="candidate"),
    CheckConstraint("status IN ('" + "','".join(THEME_STATES) + "')", name="theme_status_known"),
)

theme_codes = Table(
    "theme_codes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("theme_id", Integer, ForeignKey("themes.id", ondelete="CASCADE"), nullable=False),
    Column("code_id", Integer, ForeignKey("codes.id"), nullable=False),
    Column("added_by", Integer, ForeignKey("members.id"), nullable=False),
    Column("added_at", String(40), nullable=False),
    UniqueConstraint("theme_id", "code_id"),
)

vote_sessions = Table(
    "vote_sessions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("dots", Integer, nullable=False),  # how many dots each member may place
    Column("mode", String(20), nullable=False),
    Column("created_by", Integer, ForeignKey("members.id"), nullable=False),
    Column("created_at", String(40), nullable=False),
    CheckConstraint("mode IN ('" + "','".join(VOTE_MODES) + "')", name="vote_mode_known"),
    CheckConstraint("dots > 0", name="vote_session_has_dots"),
)

votes = Table(
    "votes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("session_id", Integer, ForeignKey("vote_sessions.id", ondelete="CASCADE"), nullable=False),
    Column("member_id", Integer, ForeignKey("members.id"), nullable=False),
    Column("target_type", String(20), nullable=False),
    Column("target_id", Integer, nullable=False),
    Column("dots", Integer, nullable=False),
    Column("created_at", String(40), nullable=False),
    CheckConstraint("target_type IN ('" + "','".join(VOTE_TARGETS) + "')", name="vote_target_known"),
    CheckConstraint("dots > 0", name="vote_has_dots"),
)
Index("votes_session", votes.c.session_id, votes.c.member_id)

ideas = Table(
    "ideas",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("text", Text, nullable=False),  # what was suggested
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="SET NULL")),
    Column("start", Integer),
    Column("end", Integer),
    Column("segment_id", Integer, ForeignKey("segments.id", ondelete="SET NULL")),
    Column("theme_id", Integer, ForeignKey("themes.id", ondelete="SET NULL")),
    Column("proposed_by", Integer, ForeignKey("members.id"), nullable=False),
    Column("status", String(30), nullable=False, default="new"),
    Column("response", Text, nullable=False, default=""),
    Column("reason", Text, nullable=False, default=""),
    Column("owner_id", Integer, ForeignKey("members.id")),
    Column("due", String(40)),
    Column("created_at", String(40), nullable=False),
    Column("updated_at", String(40), nullable=False),
    CheckConstraint("status IN ('" + "','".join(IDEA_STATES) + "')", name="idea_status_known"),
)

document_images = Table(
    "document_images",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False, unique=True),
    Column("filename", String(500), nullable=False),
    Column("media_type", String(100), nullable=False),
    Column("alt_text", Text, nullable=False, default=""),
    Column("data", LargeBinary, nullable=False),
)

report_sections = Table(
    "report_sections",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("report", String(60), nullable=False),
    Column("section", String(60), nullable=False),
    Column("text", Text, nullable=False),
    Column("edited_by", Integer, ForeignKey("members.id"), nullable=False),
    Column("edited_at", String(40), nullable=False),
    UniqueConstraint("report", "section"),
)
COPRODUCTION_TABLES = (themes, theme_codes, vote_sessions, votes, ideas, document_images, report_sections)

# -- privacy (issue 9, migration 0009_privacy) ----------------------------------------
# Every file made from the project that holds participants' words (an export, a
# published snapshot, a backup), so a withdrawal can name the ones made before it as
# stale. `path` is where it was written; nothing of its content is kept here.
ARTEFACT_KINDS = ("export", "snapshot", "backup", "coding sheet", "report")
artefacts = Table(
    "artefacts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(20), nullable=False),
    Column("path", String(1000), nullable=False),
    Column("made_at", String(40), nullable=False),
    Column("made_by", Integer, ForeignKey("members.id")),  # none: made with nobody named (0014)
    Column("stale_since", String(40)),
    Column("stale_reason", Text),
    CheckConstraint("kind IN ('" + "','".join(ARTEFACT_KINDS) + "')", name="artefact_kind_known"),
)

# -- topics promoted to themes (issue 5, migration 0010_topic_themes) ------------------
# Which topic (of which run) a theme came from, who promoted it and when. The theme's
# evidence is read through this link: the code the topic was promoted to (linked to the
# theme in theme_codes) or else the topic's representative segments, which a withdrawal
# already cleans, so no copy of participants' words is kept here.
theme_topics = Table(
    "theme_topics",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("theme_id", Integer, ForeignKey("themes.id", ondelete="CASCADE"), nullable=False),
    Column("run_id", Integer, ForeignKey("topic_runs.id", ondelete="CASCADE"), nullable=False),
    Column("topic_id", Integer, ForeignKey("topics.id", ondelete="CASCADE"), nullable=False),
    Column("added_by", Integer, ForeignKey("members.id"), nullable=False),
    Column("added_at", String(40), nullable=False),
    UniqueConstraint("theme_id", "topic_id"),
)
Index("theme_topics_topic", theme_topics.c.topic_id)
