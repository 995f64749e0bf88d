"""Co-production figures: dot-vote results, a word cloud, who shaped the analysis,
a sticky-note board. Pure functions of the frames the `Project` returns; user text
in hover labels is escaped, and roles differ by pattern as well as colour."""

from __future__ import annotations

import html
import math

import pandas as pd
import plotly.graph_objects as go

from .style import FONT, ROLE_COLOURS, ROLE_PATTERNS, base_layout

KIND_WORDS = {"code": "codes made", "coding": "passages coded", "memo": "shared memos", "theme": "themes made",
              "vote": "dots placed", "idea": "ideas raised"}


def _wrap(text: str, width: int = 28) -> str:
    words, lines, line = str(text).split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "<br>".join(html.escape(part) for part in lines)


def vote_results(ranked: pd.DataFrame, top: int = 15) -> go.Figure:
    """Dots per option, stacked by the role of who placed them (`Project.vote_results()`)."""
    shown = ranked.head(top).iloc[::-1]
    labels = [f"{row.rank}. {html.escape(str(row.target))}" for row in shown.itertuples()]
    figure = go.Figure()
    for column in [c for c in ranked.columns if c.startswith("dots from ")]:
        role = column.removeprefix("dots from ")
        figure.add_bar(y=labels, x=shown[column].tolist(), name=role, orientation="h",
                       marker=dict(color=ROLE_COLOURS.get(role, "#777777"), pattern_shape=ROLE_PATTERNS.get(role, "")),
                       hovertemplate="%{y}<br>%{x} dot(s) from " + html.escape(role) + "<extra></extra>")
    figure.add_scatter(y=labels, x=shown["dots"].tolist(), mode="text", text=shown["dots"].tolist(),
                       textposition="middle right", showlegend=False, hoverinfo="skip")
    figure.update_layout(**base_layout("Priorities: dots placed on each option", barmode="stack",
                                       height=max(320, 34 * len(shown) + 140), legend_title_text="Dots from"))
    figure.update_xaxes(title_text="Dots")
    return figure


def poll_results(results: pd.DataFrame, top: int = 15) -> go.Figure:
    """Votes per option of one workshop poll (`Project.poll_results(document)`), most first,
    each bar labelled with its count and share."""
    shown = results.head(top).iloc[::-1]
    if shown.empty:
        return go.Figure().update_layout(**base_layout("No poll to show yet"))
    labels = [f"{row.rank}. {_wrap(str(row.option))}" for row in shown.itertuples()]  # _wrap escapes
    figure = go.Figure(go.Bar(
        y=labels, x=shown["votes"].tolist(), orientation="h", marker=dict(color="#0072B2"),
        text=[f"{v} ({s:.0%})" for v, s in zip(shown["votes"], shown["share"])], textposition="outside",
        hovertemplate="%{y}<br>%{x} vote(s)<extra></extra>"))
    name = html.escape(str(results["document"].iloc[0]))
    figure.update_layout(**base_layout(f"Workshop poll: {name}", height=max(320, 34 * len(shown) + 140),
                                       showlegend=False))
    figure.update_xaxes(title_text="Votes", range=[0, shown["votes"].max() * 1.25])
    return figure


def word_cloud(counts: pd.DataFrame, top: int = 40) -> go.Figure:
    """Words sized by how often they were said (`Project.word_counts()`), laid out on
    a spiral, most frequent in the middle; the table behind it has the exact counts."""
    shown = counts.head(top)
    if shown.empty:
        return go.Figure().update_layout(**base_layout("No words to show yet"))
    biggest, smallest = shown["count"].max(), shown["count"].min()
    x, y, sizes = [], [], []
    for index, row in enumerate(shown.itertuples()):
        scale = 1 if biggest == smallest else (row.count - smallest) / (biggest - smallest)
        sizes.append(14 + 34 * scale)
        angle, radius = index * 2.4, 0.55 * math.sqrt(index)  # golden-angle spiral: no overlaps near the middle
        x.append(radius * math.cos(angle) * 1.8)
        y.append(radius * math.sin(angle))
    figure = go.Figure(go.Scatter(
        x=x, y=y, mode="text", text=[html.escape(w) for w in shown["word"]],
        textfont=dict(size=sizes, family=FONT["family"], color="#1a1a1a"),
        customdata=[[html.escape(w), c, a] for w, c, a in zip(shown["word"], shown["count"], shown["answers"])],
        hovertemplate="%{customdata[0]}: said %{customdata[1]} time(s) in %{customdata[2]} answer(s)<extra></extra>"))
    figure.update_layout(**base_layout("What people said, in a word", height=520))
    figure.update_xaxes(visible=False)
    figure.update_yaxes(visible=False, scaleanchor="x")
    return figure


def contribution_by_role(summary: pd.DataFrame, title: str = "Who shaped this analysis") -> go.Figure:
    """Contributions of each kind, by role (`Project.contribution_by_role()`)."""
    figure = go.Figure()
    for role, group in summary.groupby("role"):
        kinds = [KIND_WORDS.get(kind, kind) for kind in group["kind"]]
        examples = ["<br>".join(_wrap(e, 50) for e in examples) or "—" for examples in group["examples"]]
        figure.add_bar(x=kinds, y=group["count"].tolist(), name=role,
                       marker=dict(color=ROLE_COLOURS.get(role, "#777777"), pattern_shape=ROLE_PATTERNS.get(role, "")),
                       customdata=[[e, p] for e, p in zip(examples, group["people"])],
                       hovertemplate=html.escape(role) + ": %{y} %{x} by %{customdata[1]} people<br>"
                                     "for example:<br>%{customdata[0]}<extra></extra>")
    figure.update_layout(**base_layout(title, barmode="group", height=420, legend_title_text="Role"))
    figure.update_yaxes(title_text="How many")
    return figure


def sticky_board(board: pd.DataFrame) -> go.Figure:
    """A sticky-note board: one column per cluster, each note a labelled box
    (`Project.board()`); the codes on a note show when hovering it."""
    clusters = list(dict.fromkeys(board["cluster"]))
    figure = go.Figure()
    for column, cluster in enumerate(clusters):
        notes = board[board["cluster"] == cluster].reset_index(drop=True)
        figure.add_annotation(x=column, y=0.7, text=f"<b>{html.escape(cluster)}</b>", showarrow=False,
                              font=dict(size=16))
        figure.add_scatter(
            x=[column] * len(notes), y=[-1.3 * i for i in range(len(notes))], mode="markers+text",
            marker=dict(symbol="square", size=70, color="#FFF3B0", line=dict(color="#8a6d00", width=1)),
            text=[_wrap(t, 18) for t in notes["text"]], textfont=dict(size=11), name=html.escape(cluster),
            customdata=[[_wrap(t, 40), html.escape(", ".join(c) or "not coded yet")] for t, c in zip(notes["text"], notes["codes"])],
            hovertemplate="%{customdata[0]}<br>Codes: %{customdata[1]}<extra></extra>", showlegend=False)
    tallest = max((int((board["cluster"] == c).sum()) for c in clusters), default=1)
    figure.update_layout(**base_layout("The sticky-note board", height=max(360, 110 * tallest + 140)))
    figure.update_xaxes(visible=False, range=[-0.6, len(clusters) - 0.4])
    figure.update_yaxes(visible=False)
    return figure
