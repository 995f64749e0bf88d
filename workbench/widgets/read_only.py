"""Widgets a dashboard visitor cannot change, and the escaped HTML they show.

A Voila visitor can send any widget message, so each widget here takes from a message
only the traits named in `accepted` (checked by their own validation); every other
trait, its layout and its style included, stays as the server set it.
"""

from __future__ import annotations

import html
import json

import ipywidgets as widgets
import pandas as pd
from ipywidgets.widgets.widget_description import DescriptionStyle
from ipywidgets.widgets.widget_string import HTMLStyle

PLOTLY_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["sendDataToCloud"]}


class _Frozen:
    """A widget whose state a browser cannot change: only the traits in `accepted`
    (checked by their own validation) are taken from a widget message."""

    accepted: tuple[str, ...] = ()

    def set_state(self, sync_data):
        super().set_state({key: value for key, value in sync_data.items() if key in self.accepted})


class FrozenLayout(_Frozen, widgets.Layout):
    pass


class _Laid:
    """Widgets get a frozen layout (and style) of their own, so no part of them can be set."""

    style_class = None

    def __init__(self, *args, layout=None, **kwargs):
        kwargs["layout"] = FrozenLayout(**(layout or {}))
        if self.style_class is not None:
            kwargs["style"] = self.style_class()
        super().__init__(*args, **kwargs)


class FrozenDescriptionStyle(_Frozen, DescriptionStyle):
    pass


class FrozenHTMLStyle(_Frozen, HTMLStyle):
    pass


class Choice(_Laid, _Frozen, widgets.Dropdown):
    accepted = ("index",)  # the choice itself; ipywidgets rejects an index outside the options
    style_class = FrozenDescriptionStyle


class Text(_Laid, _Frozen, widgets.HTML):
    style_class = FrozenHTMLStyle


class Plot(_Laid, _Frozen, widgets.Output):
    pass


class Column(_Laid, _Frozen, widgets.VBox):
    pass


class Row(_Laid, _Frozen, widgets.Box):
    pass


def plotly_output(figure) -> dict:
    """A display_data output the page's plotly renderer draws, set on an Output widget
    directly (no output capture, so it works the same in Voila and JupyterLab)."""
    spec = json.loads(figure.to_json())
    spec["config"] = PLOTLY_CONFIG
    title = figure.layout.title.text or "Figure"
    return {"output_type": "display_data", "metadata": {},
            "data": {"application/vnd.plotly.v1+json": spec, "text/plain": html.unescape(title)}}


def escape(text) -> str:
    return html.escape("" if text is None else str(text))


def html_table(frame: pd.DataFrame, caption: str, index: bool = True, percent: bool = False) -> str:
    """An accessible HTML table of `frame`, every cell escaped."""
    frame = frame.reset_index() if index else frame
    numbers = [pd.api.types.is_numeric_dtype(frame[c]) for c in frame.columns]
    head = "".join(f'<th scope="col"{" class=wb-number" if n else ""}>{escape(c)}</th>'
                   for c, n in zip(frame.columns, numbers))
    body = []
    for row in frame.itertuples(index=False):
        cells = [f'<th scope="row">{escape(row[0])}</th>'] + [
            f'<td{" class=wb-number" if n else ""}>{escape(_number(v, percent) if n else v)}</td>'
            for v, n in zip(row[1:], numbers[1:])]
        body.append("<tr>" + "".join(cells) + "</tr>")
    # a wide table scrolls inside its box, which the keyboard can reach and scroll
    return (f'<div class="wb-table-scroll" tabindex="0" role="region" aria-label="{escape(caption)}"><table><caption>{escape(caption)}</caption><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table></div>')


def _number(value, percent: bool = False) -> str:
    if percent:
        return f"{value:.0%}"
    return str(int(value)) if float(value).is_integer() else f"{value:.2f}"
