"""Overview figures for the start notebook and dashboards."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from .plain import plain
from .style import ROLE_COLOURS, ROLE_PATTERNS, base_layout


def codings_by_code(codings: pd.DataFrame, top: int = 20) -> go.Figure:
    """How often each code was applied, split by the role of who applied it.

    `codings` is `Project.codings()`. Roles differ by colour and by bar pattern.
    """
    counts = codings.groupby(["code", "role"]).size().unstack(fill_value=0)
    order = counts.sum(axis=1).sort_values(ascending=True).tail(top).index
    figure = go.Figure()
    for role in counts.columns:
        figure.add_bar(
            y=[plain(code) for code in order], x=counts.loc[order, role].tolist(), name=role, orientation="h",
            marker=dict(color=ROLE_COLOURS.get(role, "#777777"), pattern_shape=ROLE_PATTERNS.get(role, "")),
            hovertemplate="%{y}<br>%{x} coding(s) by " + role + "<extra></extra>",
        )
    figure.update_layout(**base_layout("How often each code was used, and by whom",
                                       barmode="stack", height=max(320, 28 * len(order) + 140),
                                       legend_title_text="Coded by"))
    figure.update_xaxes(title_text="Number of codings")
    return figure


def documents_by_kind(documents: pd.DataFrame) -> go.Figure:
    """How many documents of each kind the project holds (`Project.documents()`)."""
    counts = documents["kind"].value_counts().sort_values()
    figure = go.Figure(go.Bar(y=counts.index.tolist(), x=counts.tolist(), orientation="h",
                              marker_color="#0072B2", text=counts.tolist(), textposition="outside",
                              hovertemplate="%{y}: %{x}<extra></extra>"))
    figure.update_layout(**base_layout("What the project holds", height=300))
    figure.update_xaxes(title_text="Number of documents")
    return figure
