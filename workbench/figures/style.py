"""Shared look for every figure: readable fonts, colour-blind-safe colours, and a
second cue (pattern) wherever colour carries meaning."""

from ..coding.palette import OKABE_ITO

ROLE_COLOURS = {
    "researcher": OKABE_ITO[4],
    "lived-experience partner": OKABE_ITO[0],
    "facilitator": OKABE_ITO[2],
    "machine": OKABE_ITO[7],
}
ROLE_PATTERNS = {"researcher": "", "lived-experience partner": "/", "facilitator": ".", "machine": "x"}
FONT = dict(family="Atkinson Hyperlegible, Verdana, Arial, sans-serif", size=15)


def base_layout(title: str, **extra) -> dict:
    return dict(title=dict(text=title), font=FONT, template="simple_white", margin=dict(l=20, r=20, t=70, b=40), **extra)
