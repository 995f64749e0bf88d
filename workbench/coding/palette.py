"""Code colours that can be seen: each has a contrast of at least 3:1 against white
(WCAG 2.1, non-text contrast), taken from Okabe-Ito and Paul Tol's muted scheme and
darkened where needed, keeping their hue. A child code gets a shade of its parent's
colour, so a family of codes reads as one.

Colour is never the only cue in the workbench's views; these only make it kinder.
"""

from __future__ import annotations

import colorsys

# The reference schemes, for figures that draw large areas (bars, points) with a pattern too.
OKABE_ITO = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#999999"]
TOL_MUTED = ["#332288", "#88CCEE", "#44AA99", "#117733", "#999933", "#DDCC77", "#CC6677", "#882255", "#AA4499"]
MINIMUM_CONTRAST = 3.0

# Okabe-Ito, then Tol's muted, each darkened (same hue) until it reaches 3.2:1 on white;
# Tol's cyan and olive are left out, since darkened they match sky blue and dark yellow.
COLOUR_NAMES = {
    "#BD8300": "orange", "#1D96DB": "sky blue", "#009E73": "bluish green", "#9C920C": "dark yellow",
    "#0072B2": "blue", "#D55E00": "vermillion", "#CA73A3": "reddish purple", "#8F8F8F": "grey",
    "#332288": "indigo", "#3F9D8E": "teal", "#117733": "green", "#A48F29": "sand", "#CC6677": "rose",
    "#882255": "wine", "#AA4499": "purple",
}
PALETTE = list(COLOUR_NAMES)
# lightness changes tried in turn, darker first; those that would be too faint are skipped
SHADE_STEPS = (-0.08, 0.08, -0.16, 0.16, -0.24, 0.24, -0.32, -0.40)


def relative_luminance(colour: str) -> float:
    """WCAG 2.1 relative luminance of "#RRGGBB"."""
    channels = [int(colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_on_white(colour: str) -> float:
    return 1.05 / (relative_luminance(colour) + 0.05)


def next_colour(used: list[str]) -> str:
    """The first palette colour not yet used, cycling when all are."""
    taken = {c.upper() for c in used if c}
    for colour in PALETTE:
        if colour.upper() not in taken:
            return colour
    return PALETTE[len(used) % len(PALETTE)]


def child_shade(parent: str | None, siblings: int) -> str:
    """A shade of `parent`'s colour for its next child (`siblings` children exist
    already): the same hue, lighter or darker by clear steps, never below 3:1 on white
    (a colour already near that limit gets darker shades only)."""
    if not parent or len(parent) != 7 or not parent.startswith("#"):
        return next_colour([])
    red, green, blue = (int(parent[i:i + 2], 16) / 255 for i in (1, 3, 5))
    hue, lightness, saturation = colorsys.rgb_to_hls(red, green, blue)
    shades = []
    for step in SHADE_STEPS:
        if not 0.1 <= lightness + step <= 0.9:
            continue
        shade = "#" + "".join(f"{round(c * 255):02X}" for c in colorsys.hls_to_rgb(hue, lightness + step, saturation))
        if contrast_on_white(shade) >= MINIMUM_CONTRAST + 0.1 and shade not in shades and shade != parent.upper():
            shades.append(shade)
    return shades[siblings % len(shades)] if shades else parent
