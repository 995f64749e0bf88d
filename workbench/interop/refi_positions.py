"""How a REFI-QDA file counts selection positions, and converting to and from it.

REFI-QDA says positions count characters, but producers differ: NVivo counts UTF-16 code
units (an emoji is two), NVivo for Windows also counts the CR of a CRLF line end, and
Taguette counts UTF-8 bytes. The file's `origin` says which reading to expect; the text
confirms it, because people select words: under the right reading selections start and
end on word boundaries, under a wrong one they drift into the middle of words after the
first character counted differently. Every candidate reading is scored over all the
file's selections and the best one is used (the origin's reading wins a tie).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

UNITS = {
    "characters": "characters (the REFI-QDA standard)",
    "utf16": "UTF-16 code units (as NVivo counts them)",
    "utf8": "UTF-8 byte offsets (as Taguette writes them)",
}
NEWLINES = {
    "as stored": "",
    "crlf as one": ", a CRLF line end counted once",
    "lf as two": ", each line end counted as two (CR and LF)",
}
FIT = 0.6  # share of selection ends on word boundaries below which no reading fits


@dataclass(frozen=True)
class Reading:
    unit: str = "characters"
    newlines: str = "as stored"

    def describe(self) -> str:
        return UNITS[self.unit] + NEWLINES[self.newlines]


STANDARD = Reading()
NVIVO = Reading("utf16")


def expected_reading(origin: str) -> Reading:
    """The reading the producing program is known to use."""
    lowered = origin.lower()
    if "nvivo" in lowered or "utf-16" in lowered:
        return NVIVO
    if lowered.startswith("taguette"):
        return Reading("utf8")
    return STANDARD


class CountedText:
    """One text as a reading counts it: unit offsets <-> character indices, vectorised."""

    def __init__(self, text: str, reading: Reading):
        points = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")
        if reading.unit == "utf16":
            widths = 1 + (points > 0xFFFF).astype(np.int64)
        elif reading.unit == "utf8":
            widths = 1 + (points >= 0x80).astype(np.int64) + (points >= 0x800) + (points >= 0x10000)
        else:
            widths = np.ones(len(points), dtype=np.int64)
        cr, lf = points == 13, points == 10
        cr_before_lf = cr & np.append(lf[1:], False)
        if reading.newlines == "crlf as one":
            widths[cr_before_lf] = 0
        elif reading.newlines == "lf as two":
            widths[lf & ~np.insert(cr[:-1], 0, False)] += 1
        self.bounds = np.concatenate([[0], np.cumsum(widths)])

    def to_characters(self, offsets) -> tuple[np.ndarray, np.ndarray]:
        """Character indices of unit offsets, and which offsets fall on a character boundary."""
        offsets = np.asarray(offsets, dtype=np.int64)
        found = np.searchsorted(self.bounds, offsets, side="left").clip(max=len(self.bounds) - 1)
        valid = (offsets >= 0) & (self.bounds[found] == offsets)
        return found, valid

    def to_units(self, indices) -> np.ndarray:
        return self.bounds[np.asarray(indices, dtype=np.int64)]


def candidates(origin: str, texts: list[str]) -> list[Reading]:
    """Readings worth trying, the origin's first; newline variants only where they differ."""
    found = [expected_reading(origin)]
    crlf = any("\r\n" in text for text in texts)
    bare_lf = any("\n" in text.replace("\r\n", "") for text in texts)
    for unit in UNITS:
        for newlines, present in (("as stored", True), ("crlf as one", crlf), ("lf as two", bare_lf)):
            reading = Reading(unit, newlines)
            if present and reading not in found:
                found.append(reading)
    return found


@dataclass
class Choice:
    reading: Reading
    good: int  # selection ends on word boundaries
    ends: int  # all selection ends scored
    expected: Reading

    @property
    def share(self) -> float:
        return self.good / self.ends if self.ends else 1.0

    @property
    def fits(self) -> bool:
        return self.share >= FIT


def choose_reading(origin: str, sources: list[tuple[str, np.ndarray, np.ndarray]]) -> Choice:
    """The best reading for (text, starts, ends) of every source with selections."""
    expected = expected_reading(origin)
    ends = 2 * sum(len(starts) for _, starts, _ in sources)
    best, seen = None, set()
    for reading in candidates(origin, [text for text, _, _ in sources]):
        converted = [_convert(text, reading, starts, stops) for text, starts, stops in sources]
        key = b"|".join(np.where(ok, s, -1).tobytes() + np.where(ok, e, -1).tobytes() for s, e, ok in converted)
        if key in seen:  # counts exactly as a reading tried before (no emoji, no CRLF, ...)
            continue
        seen.add(key)
        good = sum(_on_boundaries(text, s, e, ok) for (text, _, _), (s, e, ok) in zip(sources, converted))
        if best is None or good > best.good:
            best = Choice(reading, good, ends, expected)
    return best or Choice(expected, 0, 0, expected)


def _convert(text: str, reading: Reading, starts: np.ndarray, ends: np.ndarray):
    counted = CountedText(text, reading)
    start_index, start_ok = counted.to_characters(starts)
    end_index, end_ok = counted.to_characters(ends)
    return start_index, end_index, start_ok & end_ok & (start_index < end_index)


def _on_boundaries(text: str, starts: np.ndarray, ends: np.ndarray, ok: np.ndarray) -> int:
    good = 0
    for start, end in zip(starts[ok].tolist(), ends[ok].tolist()):
        good += _boundary(text, start) + _boundary(text, end)
    return good


def _boundary(text: str, index: int) -> bool:
    if index <= 0 or index >= len(text):
        return True
    return not (_wordlike(text[index - 1]) and _wordlike(text[index]))


@lru_cache(maxsize=4096)
def _wordlike(character: str) -> bool:
    """Letters, digits and combining marks: a selection never starts or ends between two."""
    return character.isalnum() or unicodedata.category(character).startswith("M")
