"""Topic model figures: pure functions from the topic DataFrames to plotly figures.

Inputs are `Project.topics()`, `Project.topic_assignments()` and
`Project.topic_crosswalk()`. User text (labels, quotes) is escaped before it reaches
a hover label or legend; topics differ by marker shape or pattern as well as colour.
"""

from __future__ import annotations


import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..coding.palette import PALETTE
from .plain import plain
from .style import base_layout

SYMBOLS = ["circle", "square", "diamond", "triangle-up", "cross", "star", "triangle-down", "hexagon", "pentagon",
           "hourglass", "bowtie", "triangle-left", "triangle-right", "circle-open", "square-open", "diamond-open"]
PATTERNS = ["", "/", "\\", "x", "-", "|", "+", "."]
OUTLIER_COLOUR = "#BBBBBB"


def _safe(text, limit: int = 200) -> str:
    text = "" if text is None else str(text)
    return plain(text if len(text) <= limit else text[:limit - 1] + "…").replace("\n", "<br>")


def _kept(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[frame["status"] != "discarded"] if "status" in frame else frame


def _ranked_topics(assignments: pd.DataFrame, top: int) -> list[tuple[int, str]]:
    real = assignments[assignments["topic"] != -1]
    counts = real.groupby(["topic", "label"]).size().sort_values(ascending=False)
    return list(counts.index[:top])


def topic_map(assignments: pd.DataFrame, top: int = 16) -> go.Figure:
    """Every segment as a point in 2D, one marker shape and colour per topic; the
    `top` largest topics are named, the rest shown as 'other topics'."""
    assignments = _kept(assignments)
    named = _ranked_topics(assignments, top)
    figure = go.Figure()
    groups = [(f"{number}: {label}", assignments["topic"] == number, PALETTE[i % len(PALETTE)], SYMBOLS[i % len(SYMBOLS)])
              for i, (number, label) in enumerate(named)]
    shown = np.zeros(len(assignments), dtype=bool)
    for _, mask, _, _ in groups:
        shown |= mask.to_numpy()
    outliers = (assignments["topic"] == -1).to_numpy()
    groups.append(("other topics", pd.Series(~shown & ~outliers, index=assignments.index), "#666666", "circle-open"))
    groups.append(("not in any topic", pd.Series(outliers, index=assignments.index), OUTLIER_COLOUR, "x-thin-open"))
    for name, mask, colour, symbol in groups:
        part = assignments[mask]
        if part.empty:
            continue
        figure.add_scatter(
            x=part["x"], y=part["y"], mode="markers", name=_safe(name, 60),
            marker=dict(color=colour, symbol=symbol, size=8, line=dict(width=1, color=colour)),
            customdata=np.stack([part["label"].map(lambda t: _safe(t, 80)), part["text"].map(_safe)], axis=1),
            hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]}<extra></extra>",
        )
    figure.update_layout(**base_layout("Topic map: segments that are alike sit together", height=620,
                                       legend_title_text="Topic"))
    figure.update_xaxes(showticklabels=False, title_text="", showgrid=False)
    figure.update_yaxes(showticklabels=False, title_text="", showgrid=False)
    return figure


def top_words(topics: pd.DataFrame, top: int = 8, words: int = 6, columns: int = 2) -> go.Figure:
    """The most distinctive words (c-TF-IDF) of the largest topics, one panel each."""
    chosen = _kept(topics)
    chosen = chosen[(chosen["number"] != -1) & (chosen["status"] != "merged")].sort_values("size", ascending=False).head(top)
    rows = max(1, -(-len(chosen) // columns))
    titles = [_safe(f"{row.number}: {row.label}", 45) for row in chosen.itertuples()]
    figure = make_subplots(rows=rows, cols=columns, subplot_titles=titles, horizontal_spacing=0.18,
                           vertical_spacing=min(0.12, 0.5 / rows))
    for i, row in enumerate(chosen.itertuples()):
        kept = list(zip(row.keywords, row.weights))[:words][::-1]
        figure.add_bar(x=[w for _, w in kept], y=[_safe(k, 30) for k, _ in kept], orientation="h",
                       marker_color=PALETTE[i % len(PALETTE)], marker_pattern_shape=PATTERNS[i % len(PATTERNS)],
                       text=[f"{w:.2f}" for _, w in kept], textposition="outside", showlegend=False,
                       hovertemplate="%{y}: %{x:.3f}<extra></extra>", row=i // columns + 1, col=i % columns + 1)
    figure.update_layout(**base_layout("Top words of each topic", height=max(320, 230 * rows)))
    figure.update_xaxes(showticklabels=False)
    return figure


def crosswalk_heatmap(crosswalk: pd.DataFrame) -> go.Figure:
    """Topics x codes (`Project.topic_crosswalk()`): each cell prints its count."""
    values = crosswalk.to_numpy(float)
    figure = go.Figure(go.Heatmap(
        z=values, x=[_safe(c, 40) for c in crosswalk.columns], y=[_safe(t, 50) for t in crosswalk.index],
        text=[[f"{int(v)}" if v else "" for v in row] for row in values], texttemplate="%{text}",
        colorscale="Cividis", colorbar=dict(title=dict(text="segments")),
        hovertemplate="%{y}<br>%{x}: %{z} segment(s)<extra></extra>",
    ))
    figure.update_layout(**base_layout("How the topic model's clusters line up with people's codes",
                                       height=max(360, 30 * len(crosswalk) + 200)))
    figure.update_xaxes(title_text="Code (people's codings)", tickangle=-35)
    figure.update_yaxes(title_text="Topic", autorange="reversed")
    return figure


def group_values(assignments: pd.DataFrame, by: str) -> pd.Series:
    """A segment's group: a column, a segment attribute, or a participant attribute."""
    if by in assignments.columns:
        return assignments[by]
    return assignments.apply(lambda row: row["attributes"].get(by, row["participant_attributes"].get(by)), axis=1)


def topics_by_group(assignments: pd.DataFrame, by: str, top: int = 12) -> go.Figure:
    """The share of each group's segments in each topic (group = a column such as
    `document_kind`, or an attribute such as a participant's role); one pattern and
    colour per group."""
    assignments = _kept(assignments)
    groups = group_values(assignments, by).fillna("unknown").astype(str)
    named = _ranked_topics(assignments, top)
    names = {number: f"{number}: {label}" for number, label in named}
    topic = assignments["topic"].map(lambda n: names.get(n, "not in any topic" if n == -1 else "other topics"))
    shares = pd.crosstab(topic, groups, normalize="columns")
    order = [names[n] for n, _ in named] + [t for t in ("other topics", "not in any topic") if t in shares.index]
    shares = shares.reindex(order).fillna(0)
    counts = groups.value_counts()
    figure = go.Figure()
    for i, group in enumerate(shares.columns):
        figure.add_bar(y=[_safe(t, 50) for t in shares.index], x=shares[group].tolist(), orientation="h",
                       name=_safe(f"{group} (n={counts[group]})", 60),
                       marker=dict(color=PALETTE[i % len(PALETTE)], pattern_shape=PATTERNS[i % len(PATTERNS)]),
                       hovertemplate="%{y}<br>%{x:.0%} of " + _safe(group, 40) + "<extra></extra>")
    figure.update_layout(**base_layout(f"Topics by {_safe(by, 40)}", barmode="group",
                                       height=max(360, 45 * len(shares) + 160), legend_title_text=_safe(by, 40)))
    figure.update_xaxes(title_text="Share of the group's segments", tickformat=".0%")
    figure.update_yaxes(autorange="reversed")
    return figure


def topics_over_time(assignments: pd.DataFrame, when: str = "when", freq: str = "W", top: int = 8) -> go.Figure:
    """How many segments of each topic fall in each period; `when` is a column of
    datetimes (see `workbench.topics.frames.with_dates`)."""
    assignments = _kept(assignments)
    dated = assignments[assignments[when].notna()]
    named = _ranked_topics(dated, top)
    figure = go.Figure()
    for i, (number, label) in enumerate(named):
        part = dated[dated["topic"] == number]
        series = part.set_index(pd.DatetimeIndex(part[when])).resample(freq).size()
        figure.add_scatter(x=series.index, y=series.values, mode="lines+markers", name=_safe(f"{number}: {label}", 50),
                           line=dict(color=PALETTE[i % len(PALETTE)], dash=["solid", "dash", "dot", "dashdot"][i % 4]),
                           marker=dict(symbol=SYMBOLS[i % len(SYMBOLS)], size=8),
                           hovertemplate="%{x|%d %b %Y}: %{y} segment(s)<extra></extra>")
    figure.update_layout(**base_layout("Topics over time", height=460, legend_title_text="Topic"))
    figure.update_yaxes(title_text="Segments", rangemode="tozero")
    return figure


def topic_hierarchy(topics: pd.DataFrame) -> go.Figure:
    """A dendrogram of topics joined by how alike their keywords are (cosine)."""
    import plotly.figure_factory as ff

    chosen = _kept(topics)
    chosen = chosen[(chosen["number"] != -1) & (chosen["status"] != "merged")].reset_index(drop=True)
    if len(chosen) < 2:
        raise ValueError("a hierarchy needs at least two topics")
    vocabulary = sorted({word for words in chosen["keywords"] for word in words})
    index = {word: i for i, word in enumerate(vocabulary)}
    vectors = np.zeros((len(chosen), len(vocabulary)))
    for row, (words, weights) in enumerate(zip(chosen["keywords"], chosen["weights"])):
        for word, weight in zip(words, weights):
            vectors[row, index[word]] = weight
    vectors += 1e-9  # a topic with no keywords still has a direction
    labels = [_safe(f"{n}: {label}", 45) for n, label in zip(chosen["number"], chosen["label"])]
    figure = ff.create_dendrogram(vectors, orientation="left", labels=labels,
                                  distfun=lambda x: _cosine_distances(x), colorscale=["#444444"] * 8)
    figure.update_layout(**base_layout("Which topics are alike", height=max(360, 26 * len(chosen) + 140)))
    figure.update_xaxes(title_text="Distance (1 - cosine similarity of keywords)")
    return figure


def _cosine_distances(vectors: np.ndarray) -> np.ndarray:
    from scipy.spatial.distance import pdist

    return pdist(vectors, metric="cosine")
