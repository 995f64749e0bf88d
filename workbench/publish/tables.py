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

EXTRA_TABLES: list[Callable[[object], dict[str, pd.DataFrame]]] = []
SCRUBBERS: list[Callable[[dict[str, pd.DataFrame]], dict[str, pd.DataFrame]]] = []

QUOTE_COLUMNS = ["code", "theme", "text", "speaker", "group", "source", "document", "passage"]
# How a passage with no participant is grouped: by the kind of document it came from.
SOURCE_GROUPS = {"workshop board": "workshop", "poll": "workshop", "one-line answers": "workshop",
                 "survey": "survey", "notes": "notes"}


def findings_tables(project) -> dict[str, pd.DataFrame]:
    """{name: DataFrame} for every table a snapshot holds (see the module docstring)."""
    segments = _consenting_segments(project)
    codes = _codebook(project)
    tables = {
        "about": _about(project),
        "codes": codes,
        "quotes": _quotes(project, segments, codes),
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


def _about(project) -> pd.DataFrame:
    from sqlalchemy import select

    from ..store.schema import project_info

    with project.store.read() as conn:
        title = conn.execute(select(project_info.c.value).where(project_info.c.key == "title")).scalar()
    return pd.DataFrame({"key": ["title"], "value": [title or "Our findings"]})


def _consenting_segments(project) -> pd.DataFrame:
    """Segments with their speaker's pseudonym and group; withdrawn participants' segments removed."""
    segments = project.segments()
    people = project.participants()
    withdrawn = set(people.loc[people["consent"] == "withdrawn", "pseudonym"])
    roles = dict(zip(people["pseudonym"], people["role"] if "role" in people else [None] * len(people)))
    kinds = dict(zip(project.documents()["name"], project.documents()["kind"]))
    kept = segments[~segments["participant"].isin(withdrawn)].copy()
    kept["source"] = kept["document"].map(kinds)
    kept["speaker"] = kept["participant"].fillna("")
    kept["group"] = [
        str(roles.get(who) or "participant") if who else SOURCE_GROUPS.get(kind, "team")
        for who, kind in zip(kept["participant"], kept["source"])
    ]
    return kept[["id", "document_id", "document", "start", "end", "speaker", "group", "source", "text"]]


def _codebook(project) -> pd.DataFrame:
    codes = project.codes()
    codes = codes[~codes["archived"].astype(bool)]
    theme = codes["parent"].where(codes["parent"].notna() & (codes["parent"] != ""), codes["name"])
    return pd.DataFrame({"code": codes["name"], "theme": theme, "definition": codes["definition"].fillna(""),
                         "when_to_use": codes["when_to_use"].fillna("")}).reset_index(drop=True)


def _quotes(project, segments: pd.DataFrame, codes: pd.DataFrame) -> pd.DataFrame:
    """One row per coded passage: the words, who said them (pseudonym, group), the code.
    The same span coded by several members is one quote."""
    codings = project.codings()
    codings = codings[codings["role"] != "machine"]  # unreviewed topic-model suggestions are not findings
    codings = codings[codings["code"].isin(set(codes["code"]))]
    codings = codings.drop_duplicates(["document_id", "code", "start", "end"])
    by_document = {doc: part.sort_values("start") for doc, part in segments.groupby("document_id")}
    rows = []
    for coding in codings.itertuples():
        found = by_document.get(coding.document_id)
        if found is None:
            continue  # the whole document's speakers withdrew
        inside = found[(found["start"] <= coding.start) & (coding.start < found["end"])]
        if inside.empty:
            continue  # the passage belongs to a withdrawn participant
        segment = inside.iloc[0]
        rows.append({"code": coding.code, "text": coding.text.strip(), "speaker": segment["speaker"],
                     "group": segment["group"], "source": segment["source"], "document": coding.document,
                     "passage": int(segment["id"])})
    quotes = pd.DataFrame(rows, columns=[c for c in QUOTE_COLUMNS if c != "theme"])
    quotes.insert(1, "theme", quotes["code"].map(dict(zip(codes["code"], codes["theme"]))))
    return quotes


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
    groups = dict(zip(segments["id"], segments["group"]))
    points = points[points["segment_id"].isin(groups)]
    points = points[points["status"] != "discarded"].copy()
    points["group"] = points["segment_id"].map(groups)
    return points[columns].reset_index(drop=True)


def _contribution(project) -> pd.DataFrame:
    """Who shaped the analysis, by role: counts, how many people, and examples (code,
    theme and idea names; a memo only as "a memo on ...", never its words)."""
    summary = project.contribution_by_role()
    summary["examples"] = summary["examples"].map("\n".join)
    return summary.reset_index(drop=True)
