"""Theme reviews and partners' responses to candidate themes (issue 14, migration
0013_themes_and_memos); same `metadata` as schema.py, gathered by store/__init__.py."""

from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, Integer, String, Table, Text

from .schema import THEME_STATES, metadata

REVIEW_VERDICTS = ("fits", "does not fit", "missing something")

# Each move of a theme along candidate -> reviewed -> final (or back): who, when, what changed.
theme_reviews = Table(
    "theme_reviews",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("theme_id", Integer, ForeignKey("themes.id", ondelete="CASCADE"), nullable=False),
    Column("from_status", String(20), nullable=False),
    Column("to_status", String(20), nullable=False),
    Column("text", Text, nullable=False, default=""),  # what changed; "text": the log keeps its length only
    Column("reviewed_by", Integer, ForeignKey("members.id"), nullable=False),
    Column("reviewed_at", String(40), nullable=False),
    CheckConstraint("to_status IN ('" + "','".join(THEME_STATES) + "')", name="theme_review_status_known"),
)
Index("theme_reviews_theme", theme_reviews.c.theme_id)

# A partner's "fits / does not fit / missing something" on a theme, with a comment;
# one current response per member and theme (a new one replaces the old).
theme_responses = Table(
    "theme_responses",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("theme_id", Integer, ForeignKey("themes.id", ondelete="CASCADE"), nullable=False),
    Column("member_id", Integer, ForeignKey("members.id"), nullable=False),
    Column("verdict", String(30), nullable=False),
    Column("reason", Text, nullable=False, default=""),  # the comment; "reason": the log keeps its length only
    Column("created_at", String(40), nullable=False),
    CheckConstraint("verdict IN ('" + "','".join(REVIEW_VERDICTS) + "')", name="theme_response_verdict_known"),
)
Index("theme_responses_theme", theme_responses.c.theme_id, theme_responses.c.member_id)

THEME_REVIEW_TABLES = (theme_reviews, theme_responses)
