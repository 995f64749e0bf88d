"""What a published dashboard may show, as plain DataFrames built from a project.

Only this is ever published: participants who withdrew consent are left out, speakers
appear by pseudonym only (never a transcript's speaker label, which may be a real
name), memos marked private are left out, and archived codes are left out. The
dashboards, the figure export and the reports all read these tables, so what a
partner sees and what goes into a report are the same.

Other issues extend a snapshot by appending to `EXTRA_TABLES` (a function
`project -> {name: DataFrame}`) or `SCRUBBERS` (a function `tables -> tables`, e.g. one
that replaces names inside quotes); `findings_tables` runs them all.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from .people_groups import passage_groups

EXTRA_TABLES: list[Callable[[object], dict[str, pd.DataFrame]]] = []
SCRUBBERS: list[Callable[[dict[str, pd.DataFrame]], dict[str, pd.DataFrame]]] = []

# `quote` numbers each coded span: a code in two themes gives its quote one row per theme
QUOTE_COLUMNS = ["code", "theme", "text", "speaker", "group", "source", "document", "passage", "quote"]


def findings_tables(project, group_by: str | None = None) -> dict[str, pd.DataFrame]:
    """{name: DataFrame} for every table a snapshot holds (see the module docstring).
    `group_by` names the participants' attribute that says which group someone is in
    (default: see `people_groups.group_attribute`). Every table is built set-wise, so a
    project with half a million codings publishes in seconds."""
    from .published_themes import themes_table

    segments = _consenting_segments(project, group_by)
    codes, themes_from = _codebook(project)
    quotes = _quotes(project, segments, codes)
    tables = {
        "about": _about(project, themes_from),
        "codes": codes,
        "quotes": quotes,
        "themes": themes_table(project.themes(), quotes, codes, project.votes(), project.theme_review_tally(),
                               project.theme_reviews()),
        "notes": _public_code_notes(project, codes),
        "topic_points": _topic_points(project, segments),
        "ideas": project.you_said_we_did(),  # raised by role only; withdrawn people's ideas are deleted
        "contribution": _contribution(project),
    }
    for extra in EXTRA_TABLES:
        tables.update(extra(project))
    for scrub in SCRUBBERS:
        tables = scrub(tables)
    return tables


def _about(project, themes_from: str) -> pd.DataFrame:
    from sqlalchemy import select

    from ..store.schema import project_info

    with project.store.read() as conn:
        title = conn.execute(select(project_info.c.value).where(project_info.c.key == "title")).scalar()
    return pd.DataFrame({"key": ["title", "themes_from"], "value": [title or "Our findings", themes_from]})


def _consenting_segments(project, group_by: str | None = None) -> pd.DataFrame:
    """Segments with their speaker's pseudonym, the group of people they speak for ("" if
    none is recorded) and their source (the kind of document); withdrawn participants'
    segments removed."""
    segments = project.segments()
    people = project.participants()
    withdrawn = set(people.loc[people["consent"] == "withdrawn", "pseudonym"])
    documents = project.documents()
    kept = segments[~segments["participant"].isin(withdrawn)].copy()
    kept["source"] = kept["document_id"].map(dict(zip(documents["id"], documents["kind"])))
    kept["speaker"] = kept["participant"].fillna("")
    kept["group"] = passage_groups(kept, people, group_by)
    return kept[["id", "document_id", "document", "start", "end", "speaker", "group", "source"]]


def _codebook(project) -> tuple[pd.DataFrame, str]:
    """One row per code and theme (see published_themes): the project's themes, or
    parent codes where a project has none."""
    from .published_themes import codebook

    return codebook(project.codes(), project.themes())


def _quotes(project, segments: pd.DataFrame, codes: pd.DataFrame) -> pd.DataFrame:
    """One row per coded passage: the words, who said them (pseudonym, group), the code.
    The same span coded by several members is one quote. Each coding is placed in the
    segment it starts in by one sorted as-of join, not a search per coding, and only
    the quotes kept have their words sliced."""
    from ..coproduction.contribution import codings_without_text

    spans = project._visible_codings(codings_without_text(project.store))
    spans = spans[(spans["role"] != "machine") & spans["code"].isin(set(codes["code"]))]  # no unreviewed suggestions
    spans = (spans.sort_values(["document_id", "start"], kind="stable")  # by place, then as made
             .drop_duplicates(["document_id", "code", "start", "end"])[["document_id", "code", "start", "end"]])
    if spans.empty or segments.empty:
        return pd.DataFrame(columns=QUOTE_COLUMNS)
    spans["order"] = range(len(spans))
    inside = pd.merge_asof(
        spans.sort_values("start"),
        segments.rename(columns={"id": "passage", "start": "segment_start", "end": "segment_end"})
                .sort_values("segment_start"),
        left_on="start", right_on="segment_start", by="document_id", direction="backward")
    # a coding that starts in no kept segment belongs to a withdrawn participant
    inside = inside[inside["passage"].notna() & (inside["start"] < inside["segment_end"])].sort_values("order")
    texts = _document_texts(project, set(inside["document_id"]))
    words = [texts[d][a:b].strip() for d, a, b in zip(inside["document_id"], inside["start"], inside["end"])]
    quotes = pd.DataFrame({
        "code": inside["code"].to_numpy(), "text": words, "speaker": inside["speaker"].to_numpy(),
        "group": inside["group"].to_numpy(), "source": inside["source"].to_numpy(),
        "document": inside["document"].to_numpy(), "passage": inside["passage"].astype(int).to_numpy(),
        "quote": inside["order"].astype(int).to_numpy()})
    # one row per theme the code is in (a stable merge keeps the quotes' order)
    quotes = quotes.merge(codes[["code", "theme"]], on="code", how="inner", sort=False)
    return quotes.sort_values(["quote"], kind="stable").reset_index(drop=True)[QUOTE_COLUMNS]


def _document_texts(project, ids: set) -> dict[int, str]:
    from sqlalchemy import select

    from ..store.schema import documents

    if not ids:
        return {}
    with project.store.read() as conn:
        return dict(conn.execute(select(documents.c.id, documents.c.text)
                                 .where(documents.c.id.in_(sorted(int(i) for i in ids)))).all())


def _public_code_notes(project, codes: pd.DataFrame) -> pd.DataFrame:
    memos = project.memos()
    memos = memos[(memos["target_type"] == "code") & ~memos["private"].astype(bool)]
    names = dict(zip(project.codes()["id"], project.codes()["name"]))
    notes = pd.DataFrame({"code": memos["target_id"].map(names), "text": memos["text"], "role": memos["role"]})
    return notes[notes["code"].isin(set(codes["code"]))].reset_index(drop=True)


def _topic_points(project, segments: pd.DataFrame) -> pd.DataFrame:
    columns = ["topic", "label", "status", "x", "y", "text", "group"]
    if project.topic_runs().empty:
        return pd.DataFrame(columns=columns)
    points = project.topic_assignments()
    groups = segments.set_index("id")["group"]
    points = points[points["segment_id"].isin(groups.index)]
    points = points[points["status"] != "discarded"].copy()
    points["group"] = points["segment_id"].map(groups)
    points["named"] = points["topic"].isin(_topics_named_by_people(project, points))
    return points[columns + ["named"]].reset_index(drop=True)


def _topics_named_by_people(project, points: pd.DataFrame) -> set[int]:
    """Topic numbers (of the run shown) whose label a person wrote, or that a person
    promoted; the others still carry the topic model's keywords."""
    from sqlalchemy import select

    from ..store.schema import events, topics
    from ..topics.frames import require_run

    if points.empty:
        return set()
    renamed = select(events.c.entity_id).where(events.c.entity == "topics", events.c.action == "topic.rename")
    query = select(topics.c.number).where(topics.c.run_id == require_run(project.store, None),
                                          topics.c.id.in_(renamed) | (topics.c.status == "promoted"))
    with project.store.read() as conn:
        return set(conn.execute(query).scalars())


def _contribution(project) -> pd.DataFrame:
    """Who shaped the analysis, by role: counts, how many people, and examples (code,
    theme and idea names; a memo only as "a memo on ...", never its words)."""
    summary = project.contribution_by_role()
    summary["examples"] = summary["examples"].map("\n".join)
    return summary.reset_index(drop=True)
