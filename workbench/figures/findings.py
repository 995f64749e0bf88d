"""Findings figures for partners' dashboards and reports: pure DataFrame -> figure.

Inputs come from `workbench.publish.findings`. Groups differ by pattern as well as
colour; every bar and cell prints its number; user text is escaped in hover labels.
"""

from __future__ import annotations


import pandas as pd
import plotly.graph_objects as go

from ..coding.palette import OKABE_ITO
from .plain import plain
from .style import base_layout

# Okabe-Ito without its yellow (too faint on white); patterns as the second cue.
GROUP_COLOURS = [OKABE_ITO[i] for i in (4, 5, 2, 6, 0, 1, 7)]
GROUP_PATTERNS = ["", "/", ".", "x", "\\", "-", "+"]


def _safe(text, limit: int = 60) -> str:
    text = "" if text is None else str(text)
    return plain(text if len(text) <= limit else text[:limit - 1] + "…")


def themes_by_group(counts: pd.DataFrame, title: str = "How often each theme came up, in each group") -> go.Figure:
    """`counts` is theme (or code) x group, with or without a Total column: one bar per group."""
    counts = counts.drop(columns="Total", errors="ignore").iloc[::-1]
    labels = [_safe(name) for name in counts.index]
    figure = go.Figure()
    for i, group in enumerate(counts.columns):
        figure.add_bar(y=labels, x=counts[group].tolist(), name=_safe(group), orientation="h",
                       marker=dict(color=GROUP_COLOURS[i % len(GROUP_COLOURS)],
                                   pattern_shape=GROUP_PATTERNS[i % len(GROUP_PATTERNS)],
                                   line=dict(color="#333333", width=0.5)),
                       text=counts[group].tolist(), textposition="outside", cliponaxis=False,
                       hovertemplate="%{y}<br>" + _safe(group) + ": %{x} passage(s)<extra></extra>")
    figure.update_layout(**base_layout(title, barmode="group", legend_title_text="Group",
                                       height=max(340, 18 * len(counts) * max(1, len(counts.columns)) + 160)))
    figure.update_xaxes(title_text="Number of passages")
    return figure


def compared_title(shares: pd.DataFrame) -> str:
    """"carer and provider compared", from the groups `shares` holds."""
    names = [str(name) for name in shares.columns]
    return (" and ".join(names) + " compared") if names else "Groups compared"


def groups_compared(shares: pd.DataFrame, title: str | None = None) -> go.Figure:
    """`shares` is code x two groups, each a share of that group's passages."""
    title = title or compared_title(shares)
    shares = shares[(shares > 0).any(axis=1)].iloc[::-1]
    figure = themes_by_group(shares, title)
    for trace in figure.data:
        trace.text = [f"{value:.0%}" for value in trace.x]
        trace.hovertemplate = trace.hovertemplate.replace("%{x} passage(s)", "%{x:.0%} of the group's passages")
    figure.update_xaxes(title_text="Share of the group's coded passages", tickformat=".0%")
    return figure


def codes_together(matrix: pd.DataFrame, title: str = "Which codes come up together") -> go.Figure:
    """Code x code co-occurrence: each cell prints its count, so colour is not needed to read it."""
    names = [_safe(name, 40) for name in matrix.index]
    values = matrix.to_numpy(float)
    figure = go.Figure(go.Heatmap(
        z=values, x=names, y=names, colorscale="Cividis", xgap=1, ygap=1,
        text=[[str(int(v)) if v else "" for v in row] for row in values], texttemplate="%{text}",
        colorbar=dict(title=dict(text="passages")),
        hovertemplate="%{y} and %{x}: %{z} passage(s)<extra></extra>"))
    figure.update_layout(**base_layout(title, height=max(380, 26 * len(names) + 220)))
    figure.update_xaxes(tickangle=-40)
    figure.update_yaxes(autorange="reversed")
    return figure


def dashboard_figures(tables: dict[str, pd.DataFrame]) -> dict[str, go.Figure]:
    """Every figure of the Findings dashboard, by file-friendly name, from a snapshot's tables."""
    from ..publish import findings
    from .topics import topic_map

    quotes, codes = tables["quotes"], tables["codes"]
    figures = {
        "themes-by-group": themes_by_group(findings.counts_by_group(quotes, codes)),
        "largest-groups-compared": groups_compared(findings.compared(quotes, codes)),
        "codes-together": codes_together(findings.cooccurrence(quotes)),
    }
    points = tables.get("topic_points")
    if points is not None and len(points):
        figures["topic-map"] = topic_map(points)
    themes = tables.get("themes")
    if themes is not None and len(themes):  # the project's own themes (issue 14), not parent codes
        from ..publish.published_themes import map_inputs
        from .theme_map import theme_map

        figures["thematic-map"] = theme_map(*map_inputs(tables))
    return figures
