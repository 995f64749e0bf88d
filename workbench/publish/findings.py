"""The findings a dashboard shows, as DataFrames computed from a snapshot's tables:
counts by group, which codes come up together, and quotes. Plain data in and out."""

from __future__ import annotations

from itertools import combinations

import pandas as pd

ALL = "All"
SOURCES = {"survey", "workshop", "notes", "team"}  # groups named after where words came from, not who


def filtered(quotes: pd.DataFrame, group: str = ALL, theme: str = ALL) -> pd.DataFrame:
    if group != ALL:
        quotes = quotes[quotes["group"] == group]
    if theme != ALL:
        quotes = quotes[quotes["theme"] == theme]
    return quotes


def groups(quotes: pd.DataFrame) -> list[str]:
    """People's groups (service user, provider, carer...) first, then sources such as the survey."""
    counts = quotes["group"].value_counts()
    return sorted(counts.index, key=lambda name: (name in SOURCES, name == "team", -counts[name], name))


def counts_by_group(quotes: pd.DataFrame, codes: pd.DataFrame, theme: str = ALL, chosen: list[str] | None = None) -> pd.DataFrame:
    """How many passages (speaker turns, notes, answers) each theme came up in, per group,
    with a Total column; with `theme`, the same for each code of that theme. Rows that
    never came up are kept, with zeros."""
    level = "theme" if theme == ALL else "code"
    quotes = filtered(quotes, theme=theme).drop_duplicates([level, "passage"])
    names = dict.fromkeys(codes["theme"] if theme == ALL else codes.loc[codes["theme"] == theme, "code"])
    table = pd.crosstab(quotes[level], quotes["group"]).reindex(index=list(names), fill_value=0)
    order = [g for g in groups(quotes) if g in table.columns]
    if chosen is not None:
        order = [g for g in order if g in chosen]
    table = table.reindex(columns=order, fill_value=0).fillna(0).astype(int)
    table["Total"] = table.sum(axis=1)
    table.index.name = "Theme" if theme == ALL else "Code"
    table.columns.name = None
    return table.sort_values("Total", ascending=False, kind="stable")


def compared(quotes: pd.DataFrame, codes: pd.DataFrame, first: str = "service user", second: str = "provider") -> pd.DataFrame:
    """Two groups side by side as shares of each group's quotes, so groups of unequal size compare."""
    counts = counts_by_group(quotes, codes, chosen=[first, second]).drop(columns="Total")
    shares = counts / counts.sum().where(counts.sum() > 0, 1)
    return shares.round(3)


def cooccurrence(quotes: pd.DataFrame, group: str = ALL, theme: str = ALL) -> pd.DataFrame:
    """Code x code: in how many passages (speaker turns, notes, answers) both codes were used."""
    quotes = filtered(quotes, group, theme)
    pairs: dict[tuple[str, str], int] = {}
    for _, codes_here in quotes.groupby("passage")["code"]:
        for first, second in combinations(sorted(set(codes_here)), 2):
            pairs[first, second] = pairs.get((first, second), 0) + 1
    names = sorted({name for pair in pairs for name in pair})
    matrix = pd.DataFrame(0, index=names, columns=names)
    for (first, second), count in pairs.items():
        matrix.loc[first, second] = matrix.loc[second, first] = count
    return matrix


def cooccurrence_list(matrix: pd.DataFrame, top: int = 15) -> pd.DataFrame:
    """The same as a list of pairs, most frequent first: the table beside the figure."""
    rows = [{"First code": a, "Second code": b, "Passages with both": int(matrix.loc[a, b])}
            for i, a in enumerate(matrix.index) for b in matrix.columns[i + 1:] if matrix.loc[a, b] > 0]
    table = pd.DataFrame(rows, columns=["First code", "Second code", "Passages with both"])
    return table.sort_values("Passages with both", ascending=False, kind="stable").head(top).reset_index(drop=True)


def example_quotes(quotes: pd.DataFrame, code: str, group: str = ALL, limit: int = 3) -> pd.DataFrame:
    """Up to `limit` quotes for a code, from as many different speakers and groups as there are."""
    found = filtered(quotes, group)
    found = found[found["code"] == code]
    found = found.assign(length=found["text"].str.len())
    found = found[(found["length"] >= 20)] if (found["length"] >= 20).any() else found
    spread = found.sort_values("length", ascending=False).drop_duplicates(["group", "speaker"])
    rest = found.drop(spread.index)
    return pd.concat([spread, rest]).head(limit).drop(columns="length")


def topic_sizes(points: pd.DataFrame) -> pd.DataFrame:
    real = points[points["topic"] != -1]
    table = real.groupby(["topic", "label"]).size().rename("Passages").reset_index()
    return table.sort_values("Passages", ascending=False).rename(columns={"topic": "Topic", "label": "Label"})
