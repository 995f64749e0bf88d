"""Colour-blind-safe code colours (Okabe-Ito, then Paul Tol's muted scheme).

Colour is never the only cue in the workbench's views; these only make it kinder.
"""

OKABE_ITO = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#999999"]
TOL_MUTED = ["#332288", "#88CCEE", "#44AA99", "#117733", "#999933", "#DDCC77", "#CC6677", "#882255", "#AA4499"]
PALETTE = OKABE_ITO + TOL_MUTED


def next_colour(used: list[str]) -> str:
    """The first palette colour not yet used, cycling when all are."""
    taken = {c.upper() for c in used}
    for colour in PALETTE:
        if colour.upper() not in taken:
            return colour
    return PALETTE[len(used) % len(PALETTE)]

COLOUR_NAMES = dict(zip(PALETTE, [
    "orange", "sky blue", "bluish green", "yellow", "blue", "vermillion", "reddish purple", "grey",
    "indigo", "cyan", "teal", "green", "olive", "sand", "rose", "wine", "purple",
]))
