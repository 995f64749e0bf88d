"""Publication files from plotly figures: 300 dpi PNG, vector SVG and PDF, drawn by
kaleido in a local Chromium. SVG files get a <title> (plotly's SVG has no
accessible name) and PNG files record their 300 dpi."""

from __future__ import annotations

import html
import os
import re
import shutil
import struct
import warnings
import zlib
from pathlib import Path

import plotly.graph_objects as go

from ..errors import WorkbenchError

FORMATS = ("png", "svg", "pdf")
DPI = 300
CSS_DPI = 96  # plotly lays figures out in CSS pixels
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
NO_CHROMIUM = ("No Chromium was found to draw figure files; install one (Debian/Ubuntu: `sudo apt-get install "
               "chromium`) or set BROWSER_PATH to a Chrome or Chromium program.")


def find_chromium() -> str:
    """The browser kaleido draws with: BROWSER_PATH if set, else the first found on PATH."""
    chosen = os.environ.get("BROWSER_PATH")
    if chosen:
        if not Path(chosen).is_file():
            raise WorkbenchError(f"BROWSER_PATH is set to {chosen}, which does not exist; "
                                 "set it to a Chrome or Chromium program, or unset it.")
        return chosen
    for name in CHROMIUM_NAMES:
        if found := shutil.which(name):
            return found
    raise WorkbenchError(NO_CHROMIUM)


def parse_formats(text: str) -> list[str]:
    chosen = [part.strip().lower().lstrip(".") for part in text.split(",") if part.strip()]
    unknown = [name for name in chosen if name not in FORMATS]
    if unknown or not chosen:
        raise WorkbenchError(f"Unknown figure format {', '.join(unknown) or text!r}; choose from png, svg and pdf, "
                             "e.g. --format png,svg.")
    return list(dict.fromkeys(chosen))


def figure_title(figure: go.Figure) -> str:
    title = figure.layout.title.text or "Figure"
    return html.unescape(re.sub(r"<[^>]+>", " ", title)).strip()


def figure_bytes(figure: go.Figure, fmt: str) -> bytes:
    """One figure as PNG (300 dpi), SVG (with a <title>) or PDF."""
    import plotly.io as pio

    os.environ["BROWSER_PATH"] = find_chromium()
    width = figure.layout.width or 1000
    height = figure.layout.height or 600
    scale = DPI / CSS_DPI if fmt == "png" else 1
    with warnings.catch_warnings():  # kaleido notes that a running server ignores per-call options
        warnings.simplefilter("ignore", UserWarning)
        data = pio.to_image(figure, format=fmt, width=width, height=height, scale=scale)
    if fmt == "svg":
        return titled_svg(data, figure_title(figure))
    if fmt == "png":
        return png_with_dpi(data, DPI)
    return data


def save_figures(figures: dict[str, go.Figure], outdir: str | Path, formats=("png", "svg", "pdf")) -> list[Path]:
    """Write each figure as `outdir/<name>.<format>`; one Chromium serves them all."""
    import kaleido

    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    os.environ["BROWSER_PATH"] = find_chromium()
    written = []
    kaleido.start_sync_server(silence_warnings=True)
    try:
        for name, figure in figures.items():
            for fmt in formats:
                path = outdir / f"{name}.{fmt}"
                path.write_bytes(figure_bytes(figure, fmt))
                written.append(path)
    finally:
        kaleido.stop_sync_server(silence_warnings=True)
    return written


def titled_svg(data: bytes, title: str) -> bytes:
    """Give the SVG an accessible name: role="img" and a <title> as its first child."""
    text = data.decode("utf-8")
    opening = re.search(r"<svg\b[^>]*>", text)
    tag = opening.group(0)
    named = tag[:-1] + ' role="img" aria-labelledby="figure-title">'
    element = f'<title id="figure-title">{html.escape(title)}</title>'
    return (text[:opening.start()] + named + element + text[opening.end():]).encode("utf-8")


def png_with_dpi(data: bytes, dpi: int) -> bytes:
    """Insert (or replace) the pHYs chunk so programs read the PNG as `dpi` dots per inch."""
    per_metre = round(dpi / 0.0254)
    body = b"pHYs" + struct.pack(">IIB", per_metre, per_metre, 1)
    chunk = struct.pack(">I", 9) + body + struct.pack(">I", zlib.crc32(body))
    chunks, position = [], 8
    while position < len(data):
        length = struct.unpack(">I", data[position:position + 4])[0]
        end = position + 12 + length
        if data[position + 4:position + 8] != b"pHYs":
            chunks.append(data[position:end])
        position = end
    return data[:8] + chunks[0] + chunk + b"".join(chunks[1:])  # pHYs must come before IDAT: right after IHDR


def save_figure(figure: go.Figure, path: str | Path) -> Path:
    """One figure to one file; the format comes from the suffix (.png, .svg or .pdf)."""
    path = Path(path)
    fmt = parse_formats(path.suffix or "?")[0]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(figure_bytes(figure, fmt))
    return path
