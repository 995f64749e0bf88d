"""Prioritisation polls taken in a workshop (a show of hands, a Mentimeter or Slido
export): each option with its votes, ranked, with its share and what people added.
Poll votes are counted, not credited: a poll does not say who voted."""

from __future__ import annotations

import pandas as pd

COLUMNS = ["document", "rank", "option", "votes", "share", "comments"]


def poll_results(segments: pd.DataFrame) -> pd.DataFrame:
    """Ranked options per poll document from its segments ("poll option" carries
    `votes`; "poll comment" names its `option`). Ties share a rank."""
    rows = []
    for document, part in segments.groupby("document", sort=False):
        options = part[part["kind"] == "poll option"]
        if options.empty:
            continue
        comments = part[part["kind"] == "poll comment"]["attributes"].map(lambda a: a.get("option")).value_counts()
        votes = options["attributes"].map(lambda a: int(a.get("votes", 0)))
        table = pd.DataFrame({"document": document, "option": options["text"].to_numpy(), "votes": votes.to_numpy()})
        total = table["votes"].sum()
        table["share"] = (table["votes"] / total).round(3) if total else 0.0
        table["comments"] = table["option"].map(comments).fillna(0).astype(int)
        table = table.sort_values("votes", ascending=False, kind="stable")
        table.insert(1, "rank", table["votes"].rank(method="min", ascending=False).astype(int))
        rows.append(table)
    return pd.concat(rows, ignore_index=True)[COLUMNS] if rows else pd.DataFrame(columns=COLUMNS)
