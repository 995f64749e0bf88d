"""Analysis matrices as figures: a heatmap and grouped bars, each printing its numbers
(colour is never the only cue) and each with the matrix itself as its table
alternative (`matrix_table_alternative`). Any groups, any codes or themes."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from .findings import _safe, themes_by_group
from .style import base_layout

LABELS = {"passages": "passages", "participants": "participants", "documents": "documents",
          "share": "share of the group"}


def _cell_text(value: float, measure: str) -> str:
    if pd.isna(value) or not value:
        return ""
    return f"{value:.0%}" if measure == "share" else str(int(value))


def matrix_heatmap(matrix: pd.DataFrame, measure: str = "passages", title: str | None = None) -> go.Figure:
    """Rows (codes or themes) x columns (groups, codes or documents), each cell printed."""
    label = LABELS.get(measure, measure)
    values = matrix.fillna(0).to_numpy(float)
    rows = [_safe(name, 40) for name in matrix.index]
    columns = [_safe(name, 30) for name in matrix.columns]
    figure = go.Figure(go.Heatmap(
        z=values, x=columns, y=rows, colorscale="Cividis", xgap=1, ygap=1,
        text=[[_cell_text(v, measure) for v in row] for row in values], texttemplate="%{text}",
        colorbar=dict(title=dict(text=label), tickformat=".0%" if measure == "share" else None),
        hovertemplate="%{y}, %{x}: %{text} " + label + "<extra></extra>"))
    figure.update_layout(**base_layout(title or f"Codes by group: {label}",
                                       height=max(380, 28 * len(rows) + 220)))
    figure.update_xaxes(tickangle=-40, side="top")
    figure.update_yaxes(autorange="reversed")
    return figure


def matrix_bars(matrix: pd.DataFrame, measure: str = "passages", title: str | None = None) -> go.Figure:
    """One bar per group for each row, told apart by pattern as well as colour."""
    label = LABELS.get(measure, measure)
    figure = themes_by_group(matrix.fillna(0), title or f"Codes by group: {label}")
    if measure == "share":
        for trace in figure.data:
            trace.text = [f"{value:.0%}" for value in trace.x]
        figure.update_xaxes(tickformat=".0%")
    for trace in figure.data:
        trace.hovertemplate = trace.hovertemplate.replace("passage(s)", label)
    figure.update_xaxes(title_text=f"Number of {label}" if measure != "share" else "Share of the group")
    return figure


def matrix_table_alternative(matrix: pd.DataFrame, measure: str = "passages") -> pd.DataFrame:
    """The numbers the figures show, as a plain table (shares as whole percentages)."""
    table = matrix.fillna(0)
    if measure == "share":
        table = (table * 100).round().astype(int).astype(str) + "%"
    else:
        table = table.astype(int)
    return table.reset_index()
