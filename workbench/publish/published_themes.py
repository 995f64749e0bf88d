"""The project's themes in a snapshot (issue 14): which theme each code belongs to, and
a `themes` table of what partners may see about each theme.

Where a project has themes, a code's theme is the top-level theme it belongs to (a code
linked to a sub-theme belongs to the sub-theme's top-level theme, and `sub_theme`
names the sub-theme). A code in several themes has one codebook row per theme, and each
of its quotes one quotes row per theme: a passage counts once in every theme it speaks
to, so per-theme counts are right and a total over themes may count a passage twice.
Codes in no theme are listed under NO_THEME. Only where a project has no themes at all
do parent codes stand in as themes; `about` says which (`themes_from`).

Names of team members are never published: who proposed and shaped a theme is given by
role. Passage counts come from the published quotes, so withdrawn participants, the
topic model's unreviewed suggestions and archived codes are already left out.
"""

from __future__ import annotations

import pandas as pd

NO_THEME = "Not in a theme yet"
FROM_THEMES, FROM_PARENT_CODES = "themes", "parent codes"
CODEBOOK_COLUMNS = ["code", "theme", "sub_theme", "definition", "when_to_use"]
THEME_COLUMNS = ["theme", "parent", "summary", "status", "sub_themes", "codes", "passages", "proposed_by",
                 "shaped_by", "dots", "dots_by_role", "origin", "fits", "does_not_fit", "missing_something",
                 "last_review"]


def codebook(codes: pd.DataFrame, themes: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """(one row per code and theme, where the themes came from). `codes` is
    `Project.codes()`, `themes` is `Project.themes()`."""
    live = codes[~codes["archived"].astype(bool)].reset_index(drop=True)
    base = pd.DataFrame({"code": live["name"], "definition": live["definition"].fillna(""),
                         "when_to_use": live["when_to_use"].fillna("")})
    if themes.empty:
        theme = live["parent"].where(live["parent"].notna() & (live["parent"] != ""), live["name"])
        return base.assign(theme=theme, sub_theme="")[CODEBOOK_COLUMNS], FROM_PARENT_CODES
    links = theme_links(themes)
    top = top_level(themes)
    links = links.assign(theme=links["linked"].map(top))
    links["sub_theme"] = links["linked"].where(links["linked"] != links["theme"], "")
    # a code linked to a theme and to one of its sub-themes: one row, under the sub-theme
    links = links.sort_values("sub_theme", ascending=False, kind="stable").drop_duplicates(["code", "theme"])
    order = {name: number for number, name in enumerate(themes.loc[themes["name"].map(top) == themes["name"], "name"])}
    table = base.reset_index().merge(links[["code", "theme", "sub_theme"]], on="code", how="left")
    table["theme"] = table["theme"].fillna(NO_THEME)
    table["sub_theme"] = table["sub_theme"].fillna("")
    table["theme_order"] = table["theme"].map(order).fillna(len(order))
    table = table.sort_values(["theme_order", "index"], kind="stable")
    return table[CODEBOOK_COLUMNS].reset_index(drop=True), FROM_THEMES


def theme_links(themes: pd.DataFrame) -> pd.DataFrame:
    """(linked theme, code) for every code a theme lists, in the themes' order."""
    links = themes[["name", "codes"]].explode("codes").dropna(subset=["codes"])
    return pd.DataFrame({"linked": links["name"].to_numpy(), "code": links["codes"].to_numpy()})


def top_level(themes: pd.DataFrame) -> dict[str, str]:
    """Each theme's top-level theme (itself if it has no parent). Themes are few."""
    parents = dict(zip(themes["name"], themes["parent"]))
    return {name: _ancestors(name, parents)[-1] for name in themes["name"]}


def _ancestors(name: str, parents: dict) -> list[str]:
    path, step = [], name
    while isinstance(step, str) and step not in path:
        path.append(step)
        step = parents.get(step)
    return path


def themes_table(themes: pd.DataFrame, quotes: pd.DataFrame, codebook_table: pd.DataFrame, votes: pd.DataFrame,
                 tally: pd.DataFrame, reviews: pd.DataFrame) -> pd.DataFrame:
    """One row per theme (sub-themes too), what partners may see: its summary, status,
    sub-themes, codes, passages through its codes (and its sub-themes' codes), who
    proposed and shaped it by role, its dots, origin, partners' responses and the last
    review. Lists are written one item a line (a snapshot holds plain columns)."""
    if themes.empty:
        return pd.DataFrame(columns=THEME_COLUMNS)
    parents = dict(zip(themes["name"], themes["parent"]))
    live = set(codebook_table["code"])
    links = theme_links(themes)
    links = links[links["code"].isin(live)]
    # each link also counts for the theme's ancestors: a theme's passages include its sub-themes'
    reach = pd.DataFrame([(ancestor, code) for linked, code in zip(links["linked"], links["code"])
                          for ancestor in _ancestors(linked, parents)], columns=["theme", "code"]).drop_duplicates()
    passages = (quotes[["code", "passage"]].drop_duplicates().merge(reach, on="code")
                .groupby("theme")["passage"].nunique())
    children = themes.dropna(subset=["parent"]).groupby("parent")["name"].agg("\n".join)
    on_themes = votes[votes["target_type"] == "theme"]
    by_role = on_themes.groupby(["target_id", "role"])["dots"].sum()
    dots_by_role = {int(theme): "\n".join(f"{role}: {int(n)}" for role, n in part.droplevel(0).items())
                    for theme, part in by_role.groupby(level=0)}
    counts = tally.set_index("id") if len(tally) else pd.DataFrame(columns=["fits", "does not fit", "missing something"])
    latest = reviews.drop_duplicates("theme", keep="last").set_index("theme") if len(reviews) else None
    table = pd.DataFrame({
        "theme": themes["name"], "parent": themes["parent"].fillna(""), "summary": themes["summary"].fillna(""),
        "status": themes["status"], "sub_themes": themes["name"].map(children).fillna(""),
        "codes": themes["codes"].map(lambda listed: "\n".join(code for code in listed if code in live)),
        "passages": themes["name"].map(passages).fillna(0).astype(int), "proposed_by": themes["role"],
        "shaped_by": themes["shaped_by"].map(lambda roles: "\n".join(f"{role}: {n}" for role, n in roles.items())),
        "dots": themes["dots"].astype(int), "dots_by_role": themes["id"].map(dots_by_role).fillna(""),
        "origin": themes["origin"]})
    for column, verdict in (("fits", "fits"), ("does_not_fit", "does not fit"), ("missing_something", "missing something")):
        table[column] = themes["id"].map(counts[verdict]).fillna(0).astype(int)
    table["last_review"] = "" if latest is None else themes["name"].map(
        latest["to_status"] + " (" + latest["role"] + ", " + latest["reviewed_at"].astype(str).str[:10] + "): "
        + latest["changes"]).fillna("")
    return table[THEME_COLUMNS].reset_index(drop=True)


def map_inputs(tables: dict[str, pd.DataFrame]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """What the thematic map figure takes (`Project.themes()`- and `Project.codes()`-like
    frames), rebuilt from a snapshot's tables: codes sized by their published passages."""
    published = tables.get("themes")
    if published is None:
        published = pd.DataFrame(columns=THEME_COLUMNS)
    themes = pd.DataFrame({"name": published["theme"], "status": published["status"],
                           "parent": published["parent"].map(lambda p: p if isinstance(p, str) and p else None),
                           "codes": published["codes"].map(lambda listed: [c for c in str(listed or "").split("\n") if c])})
    quotes = tables["quotes"]
    passages = quotes[["code", "passage"]].drop_duplicates().groupby("code").size()
    names = list(dict.fromkeys(tables["codes"]["code"]))
    codes = pd.DataFrame({"name": names, "codings": [int(passages.get(name, 0)) for name in names]})
    return themes, codes


def published_reach(published: pd.DataFrame) -> pd.DataFrame:
    """(theme, code) from a snapshot's `themes` table: a theme reaches its own codes and
    its sub-themes' codes."""
    parents = dict(zip(published["theme"], published["parent"].map(lambda p: p if isinstance(p, str) and p else None)))
    pairs = [(ancestor, code) for name, listed in zip(published["theme"], published["codes"])
             for code in str(listed or "").split("\n") if code for ancestor in _ancestors(name, parents)]
    return pd.DataFrame(pairs, columns=["theme", "code"]).drop_duplicates()


def top_level_of_published(published: pd.DataFrame) -> dict[str, str]:
    """Each theme of a snapshot's `themes` table and its top-level theme."""
    parents = dict(zip(published["theme"], published["parent"].map(lambda p: p if isinstance(p, str) and p else None)))
    return {name: _ancestors(name, parents)[-1] for name in published["theme"]}
