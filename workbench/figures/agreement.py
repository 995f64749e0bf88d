"""Agreement figures: how far each pair of members agrees."""

from __future__ import annotations


import numpy as np
import pandas as pd
import plotly.graph_objects as go

from .plain import plain
from .style import base_layout

STATISTIC_NAMES = {"cohen_kappa": "Cohen's kappa", "percent_agreement": "percent agreement",
                   "cohen_kappa_linear": "Cohen's kappa (linear weights)",
                   "cohen_kappa_quadratic": "Cohen's kappa (quadratic weights)"}


def member_matrix(pairs: pd.DataFrame, statistic: str = "cohen_kappa", code: str | None = None) -> pd.DataFrame:
    """Member x member: `statistic` for each pair (averaged over codes unless `code`)."""
    if code is not None:
        pairs = pairs[pairs["code"] == code]
    means = pairs.groupby(["member_a", "member_b"], sort=False)[statistic].mean()
    members = list(dict.fromkeys(list(pairs["member_a"]) + list(pairs["member_b"])))
    matrix = pd.DataFrame(np.nan, index=members, columns=members)
    for (first, second), value in means.items():
        matrix.loc[first, second] = matrix.loc[second, first] = value
    return matrix


def agreement_heatmap(pairs: pd.DataFrame, statistic: str = "cohen_kappa", code: str | None = None) -> go.Figure:
    """A member x member heatmap of `AgreementReport.pairs`; each cell also prints its
    number, so colour is never the only cue. Names are escaped in the hover text."""
    matrix = member_matrix(pairs, statistic, code)
    names = [plain(name) for name in matrix.index]
    values = matrix.to_numpy(float)
    text = [["" if np.isnan(v) else f"{v:.2f}" for v in row] for row in values]
    scale = (0, 1) if statistic == "percent_agreement" else (-1, 1)
    figure = go.Figure(go.Heatmap(
        z=values, x=names, y=names, text=text, texttemplate="%{text}", zmin=scale[0], zmax=scale[1],
        colorscale="Cividis", colorbar=dict(title=dict(text=STATISTIC_NAMES.get(statistic, statistic))),
        hovertemplate="%{y} and %{x}: %{text}<extra></extra>", xgap=2, ygap=2,
    ))
    about = f"'{plain(code)}'" if code else "all codes (mean)"
    figure.update_layout(**base_layout(f"How far each pair of members agrees: {about}",
                                       height=max(320, 60 * len(names) + 160), width=max(420, 90 * len(names) + 260)))
    figure.update_yaxes(autorange="reversed")
    return figure
