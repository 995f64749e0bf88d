"""The analysis workspace's matrices as partners may see them (issue 13), computed from a
snapshot's tables only, never the live project: the code x group matrix (passages) and
the framework matrix (the team's summaries, by pseudonym). The snapshot already leaves
out withdrawn people, private memos and archived codes and names nobody but by
pseudonym, so these views can show nothing more than it holds."""

from __future__ import annotations

import pandas as pd

from .findings import ALL, NO_GROUP, filtered, groups

NOTHING_SAID = "nothing said"
NOT_WRITTEN = "not summarised yet"


def code_group_matrix(quotes: pd.DataFrame, codes: pd.DataFrame, theme: str = ALL, source: str = ALL) -> pd.DataFrame:
    """Codes (rows, in codebook order; those of `theme` only if chosen) x groups of
    people: in how many passages each code was used. Passages with no group recorded
    have a column of their own; codes never used are kept with zeros."""
    chosen = codes if theme == ALL else codes[codes["theme"] == theme]
    names = list(dict.fromkeys(chosen["code"]))
    shown = filtered(quotes, source=source)
    shown = shown[shown["code"].isin(names)].drop_duplicates(["code", "passage"])
    group = shown["group"].fillna("").replace("", NO_GROUP)
    table = pd.crosstab(shown["code"], group).reindex(index=names, fill_value=0)
    order = groups(shown) + ([NO_GROUP] if NO_GROUP in table.columns else [])
    table = table.reindex(columns=order, fill_value=0).fillna(0).astype(int)
    table.index.name, table.columns.name = "Code", None
    return table


def framework_view(framework: pd.DataFrame | None, quotes: pd.DataFrame, group: str = ALL,
                   targets: list[str] | None = None) -> pd.DataFrame:
    """Cases (pseudonyms, with their group) x codes or themes: the team's summary in each
    cell; an empty cell says whether the person said nothing on it or it is not
    summarised yet (from the published quotes). `targets` limits the columns."""
    if framework is None or framework.empty:
        return pd.DataFrame()
    cells = framework if group == ALL else framework[framework["group"] == group]
    if targets is not None:
        cells = cells[cells["code or theme"].isin(targets)]
    if cells.empty:
        return pd.DataFrame()
    table = cells.pivot_table(index=["case", "group"], columns="code or theme", values="summary",
                              aggfunc="\n".join, sort=False)
    columns = list(dict.fromkeys(cells["code or theme"]))
    table = table.reindex(columns=columns)
    said = pd.concat([quotes[["speaker", "code"]].rename(columns={"code": "target"}),
                      quotes[["speaker", "theme"]].rename(columns={"theme": "target"})]).drop_duplicates()
    said = pd.MultiIndex.from_frame(said)
    cases = table.index.get_level_values("case")
    for column in columns:  # columns are the few codes and themes with summaries
        spoke = pd.MultiIndex.from_arrays([cases, [column] * len(cases)]).isin(said)
        table[column] = table[column].where(table[column].notna(), pd.Series(spoke, index=table.index).map(
            {True: NOT_WRITTEN, False: NOTHING_SAID}))
    table.index.names = ["Person", "Group"]
    table.columns.name = None
    return table
