"""The findings a dashboard shows, as DataFrames computed from a snapshot's tables:
counts by group, which codes come up together, and quotes. Plain data in and out."""

from __future__ import annotations

import numpy as np
import pandas as pd

ALL = "All"
NO_GROUP = "No group recorded"  # passages from notes, boards and the like: in totals, never a group of people


def filtered(quotes: pd.DataFrame, group: str = ALL, theme: str = ALL, source: str = ALL) -> pd.DataFrame:
    if group != ALL:
        quotes = quotes[quotes["group"] == group]
    if theme != ALL:
        quotes = quotes[quotes["theme"] == theme]
    if source != ALL:
        quotes = quotes[quotes["source"] == source]
    return quotes


def groups(quotes: pd.DataFrame) -> list[str]:
    """People's groups (an attribute of people: a participant's or a survey respondent's),
    largest first. Where words came from (survey, workshop) is a source, not a group."""
    counts = quotes.loc[quotes["group"].fillna("") != "", "group"].value_counts()
    return sorted(counts.index, key=lambda name: (-counts[name], name))


def sources(quotes: pd.DataFrame) -> list[str]:
    """The kinds of document quotes come from (interview, survey, workshop board...), largest first."""
    counts = quotes["source"].fillna("").value_counts()
    return sorted((name for name in counts.index if name), key=lambda name: (-counts[name], name))


def counts_by_group(quotes: pd.DataFrame, codes: pd.DataFrame, theme: str = ALL, chosen: list[str] | None = None) -> pd.DataFrame:
    """How many passages (speaker turns, notes, answers) each theme came up in, per group
    of people, with passages that have no group recorded in a column of their own and a
    Total column; with `theme`, the same for each code of that theme. Rows that never
    came up are kept, with zeros."""
    level = "theme" if theme == ALL else "code"
    quotes = filtered(quotes, theme=theme).drop_duplicates([level, "passage"])
    names = dict.fromkeys(codes["theme"] if theme == ALL else codes.loc[codes["theme"] == theme, "code"])
    group = quotes["group"].fillna("").replace("", NO_GROUP)
    table = pd.crosstab(quotes[level], group).reindex(index=list(names), fill_value=0)
    order = [g for g in groups(quotes) if g in table.columns]
    if chosen is not None:
        order = [g for g in order if g in chosen]
    elif NO_GROUP in table.columns:
        order.append(NO_GROUP)
    table = table.reindex(columns=order, fill_value=0).fillna(0).astype(int)
    table["Total"] = table.sum(axis=1)
    table.index.name = "Theme" if theme == ALL else "Code"
    table.columns.name = None
    return table.sort_values("Total", ascending=False, kind="stable")


def largest_groups(quotes: pd.DataFrame, number: int = 2) -> list[str]:
    return groups(quotes)[:number]


def compared(quotes: pd.DataFrame, codes: pd.DataFrame, first: str | None = None, second: str | None = None) -> pd.DataFrame:
    """Two groups side by side as shares of each group's quotes, so groups of unequal
    size compare; by default the two largest groups of people."""
    if first is None or second is None:
        first, second = (largest_groups(quotes) + [None, None])[:2]
    chosen = [g for g in (first, second) if g]
    counts = counts_by_group(quotes, codes, chosen=chosen).drop(columns="Total")
    shares = counts / counts.sum().where(counts.sum() > 0, 1)
    return shares.round(3)


def cooccurrence(quotes: pd.DataFrame, group: str = ALL, theme: str = ALL, source: str = ALL) -> pd.DataFrame:
    """Code x code: in how many passages (speaker turns, notes, answers) both codes were
    used, from one self-join of (passage, code) pairs."""
    pairs = filtered(quotes, group, theme, source)[["passage", "code"]].drop_duplicates()
    both = pairs.merge(pairs, on="passage")
    both = both[both["code_x"] < both["code_y"]]
    if both.empty:
        return pd.DataFrame(dtype=int)
    counts = both.groupby(["code_x", "code_y"]).size()
    names = sorted(set(both["code_x"]) | set(both["code_y"]))
    matrix = counts.unstack(fill_value=0).reindex(index=names, columns=names, fill_value=0)
    return (matrix + matrix.T).astype(int).rename_axis(index=None, columns=None)


def cooccurrence_list(matrix: pd.DataFrame, top: int = 15) -> pd.DataFrame:
    """The same as a list of pairs, most frequent first: the table beside the figure."""
    columns = ["First code", "Second code", "Passages with both"]
    if matrix.empty:
        return pd.DataFrame(columns=columns)
    upper = matrix.where(np.triu(np.ones(matrix.shape, dtype=bool), k=1))
    table = upper.stack().astype(int).rename_axis(["First code", "Second code"]).rename("Passages with both").reset_index()
    table = table[table["Passages with both"] > 0]
    return table.sort_values("Passages with both", ascending=False, kind="stable").head(top).reset_index(drop=True)[columns]


def example_quotes(quotes: pd.DataFrame, code: str, group: str = ALL, limit: int = 3) -> pd.DataFrame:
    """Up to `limit` quotes for one code (see `code_examples`, for every code at once)."""
    found = filtered(quotes, group)
    return _examples(found[found["code"] == code], "code", limit)


def code_examples(quotes: pd.DataFrame, group: str = ALL, limit: int = 3) -> pd.DataFrame:
    """Up to `limit` quotes for every code, from as many different speakers and groups as
    there are, longer ones first: one sort for all codes, not a search per code."""
    return _examples(filtered(quotes, group), "code", limit)


def theme_examples(quotes: pd.DataFrame, published_themes: pd.DataFrame, group: str = ALL, limit: int = 3) -> pd.DataFrame:
    """The same for every theme of a snapshot's `themes` table (sub-themes too, through
    their codes): one merge and one sort for all themes."""
    from .published_themes import published_reach

    return _examples(filtered(quotes, group), "theme", limit, published_reach(published_themes))


def unique_quotes(quotes: pd.DataFrame) -> pd.DataFrame:
    """Each coded span once: a code in several themes gives its quote one row per theme."""
    return quotes.drop_duplicates("quote") if "quote" in quotes else quotes


def _examples(quotes: pd.DataFrame, key: str, limit: int, reach: pd.DataFrame | None = None) -> pd.DataFrame:
    """Up to `limit` quotes per `key` (code, or theme through `reach`'s theme-code pairs):
    quotes of 20 characters or more where there are any, the longest first, one per
    speaker and group before a second from anyone, no words twice. The choosing runs on
    a narrow frame of row numbers; only the rows chosen are copied whole."""
    found = unique_quotes(quotes)
    narrow = pd.DataFrame({"row": range(len(found)), "code": found["code"].to_numpy(),
                           "group": found["group"].to_numpy(), "speaker": found["speaker"].to_numpy(),
                           "length": found["text"].str.len().to_numpy()})
    if reach is not None:
        narrow = narrow.merge(reach, on="code")
    if narrow.empty:
        return found.iloc[:0]
    narrow["short"] = narrow["length"] < 20
    narrow = narrow[~narrow["short"] | narrow.groupby(key)["short"].transform("all")]
    narrow = narrow.sort_values(["short", "length"], ascending=[True, False], kind="stable")
    first = ~narrow.duplicated([key, "group", "speaker"])
    candidates = pd.concat([narrow[first].groupby(key, sort=False).head(limit * 3),
                            narrow[~first].groupby(key, sort=False).head(limit * 3)])
    chosen = found.iloc[candidates["row"].to_numpy()].assign(**{key: candidates[key].to_numpy()})
    chosen = chosen.drop_duplicates([key, "text"])
    return chosen.groupby(key, sort=False).head(limit)


def topic_sizes(points: pd.DataFrame) -> pd.DataFrame:
    """Passages per topic, and who gave the label: a person, or the topic model's keywords."""
    real = points[points["topic"] != -1]
    table = real.groupby(["topic", "label"]).size().rename("Passages").reset_index()
    if "named" in real:
        named = real.drop_duplicates("topic").set_index("topic")["named"].astype(bool)
        table["Label from"] = table["topic"].map(named).map({True: "a person in the team",
                                                            False: "suggested by the topic model"})
    return table.sort_values("Passages", ascending=False).rename(columns={"topic": "Topic", "label": "Label"})
