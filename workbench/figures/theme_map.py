"""The thematic map (issue 14): themes, their sub-themes and their codes as nested
boxes sized by passages, with a table alternative that says the same in rows.

Inputs are `Project.themes()` (name, parent, codes, status) and `Project.codes()`
(name, codings). Any themes and codes: nothing here knows a study's names. User text
is escaped before it reaches a label; a theme's status is written in its label, so
colour is never the only cue.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ..coding.palette import OKABE_ITO
from .plain import plain
from .style import base_layout

STATUS_COLOURS = {"candidate": "#F3F3F3", "reviewed": OKABE_ITO[1], "final": OKABE_ITO[2]}
CODE_COLOUR = "#FFFFFF"
NO_THEME = "Not in a theme yet"
SEP = "\x1f"  # joins a box's path into its key: never part of a name people type
TITLE = "Thematic map: themes, sub-themes and codes, sized by passages"


def _tree(themes: pd.DataFrame, codes: pd.DataFrame) -> list[dict]:
    """Rows of the map: one per theme (with its path of parents) and per code in it."""
    passages = dict(zip(codes["name"], codes["codings"])) if "codings" in codes else {}
    parents = dict(zip(themes["name"], themes["parent"]))

    def path_of(theme: str) -> list[str]:
        path, step, seen = [], theme, set()
        while step is not None and not pd.isna(step) and step not in seen:
            seen.add(step)
            path.insert(0, step)
            step = parents.get(step)
        return path

    rows = []
    for theme in themes.itertuples():
        path = path_of(theme.name)
        rows.append({"kind": "theme", "path": path, "name": theme.name, "status": theme.status, "passages": None})
        for code in theme.codes:
            rows.append({"kind": "code", "path": [*path, code], "name": code, "status": "",
                         "passages": int(passages.get(code, 0))})
    in_a_theme = {code for listed in themes["codes"] for code in listed}
    loose = [name for name in codes["name"] if name not in in_a_theme] if "archived" not in codes else [
        name for name, archived in zip(codes["name"], codes["archived"]) if name not in in_a_theme and not archived]
    if loose:
        rows.append({"kind": "theme", "path": [NO_THEME], "name": NO_THEME, "status": "", "passages": None})
        rows += [{"kind": "code", "path": [NO_THEME, code], "name": code, "status": "",
                  "passages": int(passages.get(code, 0))} for code in loose]
    return rows


def theme_map_table(themes: pd.DataFrame, codes: pd.DataFrame) -> pd.DataFrame:
    """The map in rows: theme, sub-theme path, code and its passages, the theme's status."""
    rows, statuses = [], dict(zip(themes["name"], themes["status"]))
    for row in _tree(themes, codes):
        if row["kind"] != "code":
            continue
        theme_path = row["path"][:-1]
        status = statuses.get(theme_path[-1], "")
        rows.append({"theme": theme_path[0], "sub-theme": " > ".join(theme_path[1:]), "code": row["name"],
                     "passages": row["passages"], "status": status})
    return pd.DataFrame(rows, columns=["theme", "sub-theme", "code", "passages", "status"])


def theme_map(themes: pd.DataFrame, codes: pd.DataFrame) -> go.Figure:
    rows = _tree(themes, codes)
    if not rows:
        return go.Figure().update_layout(**base_layout("No themes or codes to map yet"))
    ids = [SEP.join(row["path"]) for row in rows]
    sizes = {identifier: 0.0 for identifier in ids}
    for identifier, row in zip(ids, rows):  # a box is as big as the passages under it (an empty code shows small)
        if row["kind"] == "code":
            value = max(row["passages"], 0.5)
            for depth in range(1, len(row["path"]) + 1):
                sizes[SEP.join(row["path"][:depth])] += value
    for identifier, row in zip(ids, rows):
        if row["kind"] == "theme" and sizes[identifier] == 0:
            for depth in range(1, len(row["path"]) + 1):  # a theme with no codes still shows
                sizes[SEP.join(row["path"][:depth])] += 0.5
    labels, colours, hovers = [], [], []
    for row in rows:
        name = plain(row["name"])
        if row["kind"] == "theme":
            status = f"<br><i>{plain(row['status'])}</i>" if row["status"] else ""
            labels.append(f"<b>{name}</b>{status}")
            colours.append(STATUS_COLOURS.get(row["status"], "#E8E8E8"))
            hovers.append(f"Theme: {name}" + (f" ({plain(row['status'])})" if row["status"] else ""))
        else:
            labels.append(f"{name}<br>{row['passages']} passage(s)")
            colours.append(CODE_COLOUR)
            hovers.append(f"Code: {name}, {row['passages']} passage(s)")
    # boxes are named by number in the figure: a name people typed only ever reaches it escaped, as a label
    number = {identifier: f"box{index}" for index, identifier in enumerate(dict.fromkeys(ids))}
    parents = [number.get(SEP.join(row["path"][:-1]), "") for row in rows]
    figure = go.Figure(go.Treemap(
        ids=[number[i] for i in ids], labels=labels, parents=parents, values=[sizes[i] for i in ids],
        branchvalues="total", marker=dict(colors=colours, line=dict(color="#333333", width=1)),
        hovertext=hovers, hoverinfo="text", textinfo="label", tiling=dict(pad=4), pathbar=dict(visible=False)))
    figure.update_layout(**base_layout(TITLE, height=640))
    return figure
