"""Offsets across the Python/JavaScript boundary.

The store counts Python characters (code points); JavaScript strings count UTF-16
code units, so every character outside the Basic Multilingual Plane (most emoji)
is one in Python and two in JavaScript.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right


class Utf16Offsets:
    def __init__(self, text: str):
        self._astral = [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF]
        # Where each astral character ends, in UTF-16 units.
        self._js_ends = [position + index + 2 for index, position in enumerate(self._astral)]
        self.js_length = len(text) + len(self._astral)
        self.py_length = len(text)

    def to_js(self, offset: int) -> int:
        return offset + bisect_left(self._astral, offset)

    def to_py(self, offset: int) -> int:
        """A UTF-16 offset as a Python offset; one inside a surrogate pair moves
        to the end of that character."""
        offset = max(0, min(offset, self.js_length))
        return offset - bisect_right(self._js_ends, offset)
