"""Who shaped this analysis: every code, coding, shared memo, theme, vote and idea
with who contributed it and in which role. Private memos are never counted or shown."""

from __future__ import annotations

import pandas as pd

KINDS = ("code", "coding", "memo", "theme", "vote", "idea")
COLUMNS = ["kind", "member", "role", "label", "weight", "themes"]
EXAMPLES = 3


def codings_without_text(store) -> pd.DataFrame:
    """Every coding as (document_id, code, start, end, member, role), in the order they
    were made: what counting contributions and placing quotes need. Read as numbers in
    one query without joins or text; names come from the small code and member tables."""
    from sqlalchemy import select

    from ..store.schema import codes, codings, members

    frame = store.plain_dataframe(select(codings.c.document_id, codings.c.code_id, codings.c.start, codings.c.end,
                                   codings.c.member_id).order_by(codings.c.id)).astype("int64")  # also when empty
    code_names = store.dataframe(select(codes.c.id, codes.c.name)).set_index("id")["name"]
    people = store.dataframe(select(members.c.id, members.c.name, members.c.role)).set_index("id")
    return pd.DataFrame({
        "document_id": frame["document_id"], "code": frame["code_id"].map(code_names), "start": frame["start"],
        "end": frame["end"], "member": frame["member_id"].map(people["name"]),
        "role": frame["member_id"].map(people["role"])})


def contributions(codes: pd.DataFrame, codings: pd.DataFrame, memos: pd.DataFrame, themes: pd.DataFrame,
                  votes: pd.DataFrame, ideas: pd.DataFrame, members: pd.DataFrame) -> pd.DataFrame:
    """One row per contribution (a vote weighs its dots); `themes` lists the themes it
    feeds (through the codes a theme groups)."""
    role_of = dict(zip(members["name"], members["role"]))
    themes_of_code: dict[str, list[str]] = {}
    for theme in themes.itertuples():
        for code in theme.codes:
            themes_of_code.setdefault(code, []).append(theme.name)
    code_names = dict(zip(codes["id"], codes["name"]))
    rows = []

    def add(kind, member, role, label, weight=1, feeds=()):
        rows.append({"kind": kind, "member": member, "role": role, "label": label, "weight": int(weight),
                     "themes": list(feeds)})

    for code in codes.itertuples():
        add("code", code.created_by, role_of.get(code.created_by, ""), code.name, feeds=themes_of_code.get(code.name, []))
    for memo in memos[~memos["private"].astype(bool)].itertuples():
        on_code = code_names.get(memo.target_id) if memo.target_type == "code" else None
        add("memo", memo.member, memo.role, f"a memo on {on_code or 'the ' + memo.target_type}",
            feeds=themes_of_code.get(on_code, []))
    for theme in themes.itertuples():
        add("theme", theme.created_by, theme.role, theme.name, feeds=[theme.name])
    for vote in votes.itertuples():
        if vote.target_type == "theme":
            feeds = [vote.target]
        elif vote.target_type == "code":
            feeds = themes_of_code.get(vote.target, [])
        else:
            feeds = []
        add("vote", vote.member, vote.role, vote.target, vote.dots, feeds)
    for idea in ideas.itertuples():
        add("idea", idea.proposed_by, idea.proposer_role, idea.text, feeds=[idea.theme] if isinstance(idea.theme, str) else [])
    # codings are most of a project's rows: built column-wise, not one dict each
    coded = pd.DataFrame({"kind": "coding", "member": codings["member"], "role": codings["role"],
                          "label": codings["code"], "weight": 1,
                          "themes": codings["code"].map({code: list(themes_of_code.get(code, ()))
                                                         for code in codings["code"].unique()})},
                         columns=COLUMNS)
    rest = pd.DataFrame(rows, columns=COLUMNS)
    order = {kind: number for number, kind in enumerate(KINDS)}
    frame = pd.concat([frame for frame in (rest, coded) if len(frame)] or [rest], ignore_index=True)
    return frame.sort_values("kind", key=lambda kinds: kinds.map(order), kind="stable").reset_index(drop=True)


def by_role(contributions_frame: pd.DataFrame, theme: str | None = None) -> pd.DataFrame:
    """Counts, people and a few examples per role and kind of contribution, for the
    study or (with `theme`) for one theme. Names of members are not shown."""
    frame = contributions_frame
    if theme is not None:
        frame = frame[frame["themes"].map(lambda feeds: theme in feeds)]
    columns = ["role", "kind", "count", "people", "examples"]
    if frame.empty:
        return pd.DataFrame(columns=columns)
    grouped = frame.groupby(["role", "kind"], sort=False)
    summary = grouped.agg(count=("weight", "sum"), people=("member", "nunique")).reset_index()
    summary["examples"] = [list(dict.fromkeys(group["label"]))[:EXAMPLES] for _, group in grouped]
    summary["kind"] = pd.Categorical(summary["kind"], categories=KINDS, ordered=True)
    return summary.sort_values(["role", "kind"]).reset_index(drop=True)[columns].assign(kind=lambda f: f["kind"].astype(str))
