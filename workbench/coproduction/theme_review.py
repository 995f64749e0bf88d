"""A theme's review (issue 14): candidate -> reviewed -> final, each move recorded with
who, when and what changed; and partners' responses to a candidate theme ("fits",
"does not fit", "missing something", with a comment), credited by role and tallied."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import func, select

from ..errors import WorkbenchError
from ..store import Store, Writer
from ..store.clock import now
from ..store.schema import THEME_STATES, members, themes
from ..store.schema_themes import REVIEW_VERDICTS, theme_responses, theme_reviews
from .themes import require_theme


def review_theme(writer: Writer, theme: str, status: str, changes: str = "") -> int:
    """Move a theme to `status`, recording what changed in the review. A candidate is
    reviewed before it is final; a theme may go back a step when the team reopens it."""
    if status not in THEME_STATES:
        raise WorkbenchError(f"A theme's status is one of: {', '.join(THEME_STATES)}; not '{status}'.")
    found = require_theme(writer.conn, theme)
    current = writer.conn.execute(select(themes.c.status).where(themes.c.id == found)).scalar()
    if status == current:
        raise WorkbenchError(f"'{theme}' is {current} already.")
    if current == "candidate" and status == "final":
        raise WorkbenchError(f"'{theme}' is still a candidate; review it first (status 'reviewed'), then make it final.")
    if status != "candidate" and not (changes or "").strip():
        raise WorkbenchError("Say what the review changed (or 'nothing changed'), so the decision is on record.")
    writer.update(themes, found, {"status": status}, "theme.review")
    return writer.insert(theme_reviews, {"theme_id": found, "from_status": current, "to_status": status,
                                         "text": (changes or "").strip(), "reviewed_by": writer.member_id,
                                         "reviewed_at": now()}, "theme.review")


def reviews_frame(store: Store, theme: str | None = None) -> pd.DataFrame:
    query = (select(theme_reviews.c.id, themes.c.name.label("theme"), theme_reviews.c.from_status,
                    theme_reviews.c.to_status, theme_reviews.c.text.label("changes"), members.c.name.label("reviewed_by"),
                    members.c.role, theme_reviews.c.reviewed_at)
             .join(themes, themes.c.id == theme_reviews.c.theme_id)
             .join(members, members.c.id == theme_reviews.c.reviewed_by).order_by(theme_reviews.c.id))
    if theme is not None:
        with store.read() as conn:
            query = query.where(theme_reviews.c.theme_id == require_theme(conn, theme))
    return store.dataframe(query)


def respond(writer: Writer, theme: str, verdict: str, comment: str = "") -> int:
    """The acting member's response to a theme; a later one replaces their earlier one."""
    if verdict not in REVIEW_VERDICTS:
        raise WorkbenchError(f"Say whether the theme fits: one of {', '.join(REVIEW_VERDICTS)}; not '{verdict}'.")
    if verdict == "missing something" and not (comment or "").strip():
        raise WorkbenchError("Say what is missing, in a few words, so the team can add it.")
    found = require_theme(writer.conn, theme)
    earlier = writer.conn.execute(select(theme_responses.c.id).where(
        theme_responses.c.theme_id == found, theme_responses.c.member_id == writer.member_id)).scalars().all()
    values = {"verdict": verdict, "reason": (comment or "").strip(), "created_at": now()}
    if earlier:
        writer.update(theme_responses, earlier[0], values, "theme.respond")
        return earlier[0]
    return writer.insert(theme_responses, {"theme_id": found, "member_id": writer.member_id, **values},
                         "theme.respond")


def responses_frame(store: Store, theme: str | None = None) -> pd.DataFrame:
    query = (select(theme_responses.c.id, themes.c.name.label("theme"), theme_responses.c.verdict,
                    theme_responses.c.reason.label("comment"), members.c.name.label("member"), members.c.role,
                    theme_responses.c.created_at)
             .join(themes, themes.c.id == theme_responses.c.theme_id)
             .join(members, members.c.id == theme_responses.c.member_id).order_by(theme_responses.c.id))
    if theme is not None:
        with store.read() as conn:
            query = query.where(theme_responses.c.theme_id == require_theme(conn, theme))
    return store.dataframe(query)


def tally(store: Store) -> pd.DataFrame:
    """Per theme (every theme, in order): how many said each verdict, in all and by role."""
    counts = store.dataframe(
        select(theme_responses.c.theme_id, theme_responses.c.verdict, members.c.role, func.count().label("n"))
        .join(members, members.c.id == theme_responses.c.member_id)
        .group_by(theme_responses.c.theme_id, theme_responses.c.verdict, members.c.role))
    every = store.dataframe(select(themes.c.id, themes.c.name.label("theme"), themes.c.status).order_by(themes.c.id))
    totals = counts.pivot_table(index="theme_id", columns="verdict", values="n", aggfunc="sum", fill_value=0)
    totals = totals.reindex(columns=list(REVIEW_VERDICTS), fill_value=0)
    frame = every.join(totals, on="id").fillna({verdict: 0 for verdict in REVIEW_VERDICTS})
    for verdict in REVIEW_VERDICTS:
        frame[verdict] = frame[verdict].astype(int)
    frame["responses"] = frame[list(REVIEW_VERDICTS)].sum(axis=1)
    by_role = {}
    for (theme_id, role), part in counts.groupby(["theme_id", "role"]):
        by_role.setdefault(int(theme_id), {})[role] = dict(zip(part["verdict"], part["n"].astype(int)))
    frame["by_role"] = frame["id"].map(lambda theme_id: by_role.get(int(theme_id), {}))
    return frame.reset_index(drop=True)
