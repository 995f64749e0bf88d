"""Sets of character spans as sorted numpy arrays, combined without Python loops.

A position is global: `document_id << 32 | offset`, so the spans of every document
live in one sorted array and never run into each other. A span set is normalised when
its spans are sorted, disjoint and not touching (touching spans are joined).
"""

from __future__ import annotations

import numpy as np

SHIFT = np.int64(32)


def globalise(document_ids, offsets) -> np.ndarray:
    return (np.asarray(document_ids, dtype=np.int64) << SHIFT) | np.asarray(offsets, dtype=np.int64)


def document_of(positions: np.ndarray) -> np.ndarray:
    return positions >> SHIFT


def offset_of(positions: np.ndarray) -> np.ndarray:
    return positions & np.int64(0xFFFFFFFF)


def overlapping_pairs(unit_starts: np.ndarray, unit_ends: np.ndarray, starts: np.ndarray,
                      ends: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every (span, unit) pair sharing a character, as two index arrays: the units sorted
    and disjoint (segments, global positions), the spans anything (codings)."""
    first = np.searchsorted(unit_ends, starts, side="right")
    counts = np.clip(np.searchsorted(unit_starts, ends, side="left") - first, 0, None)
    span = np.repeat(np.arange(len(starts)), counts)
    unit = np.repeat(first, counts) + (np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts))
    return span, unit


class Spans:
    """A normalised set of global spans [start, end)."""

    __slots__ = ("starts", "ends")

    def __init__(self, starts: np.ndarray, ends: np.ndarray):
        self.starts = starts
        self.ends = ends

    def __len__(self) -> int:
        return len(self.starts)

    @classmethod
    def empty(cls) -> "Spans":
        return cls(np.empty(0, np.int64), np.empty(0, np.int64))

    @classmethod
    def of(cls, starts, ends) -> "Spans":
        """Normalise any spans: sort, then join those that overlap or touch."""
        starts = np.asarray(starts, dtype=np.int64)
        ends = np.asarray(ends, dtype=np.int64)
        keep = ends > starts
        starts, ends = starts[keep], ends[keep]
        if len(starts) == 0:
            return cls.empty()
        order = np.argsort(starts, kind="stable")
        starts, ends = starts[order], ends[order]
        reach = np.maximum.accumulate(ends)
        new_run = np.empty(len(starts), dtype=bool)
        new_run[0] = True
        new_run[1:] = starts[1:] > reach[:-1]
        run = np.cumsum(new_run) - 1
        run_ends = np.zeros(run[-1] + 1, dtype=np.int64)
        np.maximum.at(run_ends, run, ends)
        return cls(starts[new_run], run_ends)

    # -- set algebra: a sweep over both sets' boundaries ------------------------------
    def _combine(self, other: "Spans", keep) -> "Spans":
        points = np.concatenate([self.starts, self.ends, other.starts, other.ends])
        if len(points) == 0:
            return Spans.empty()
        delta_a = np.concatenate([np.ones(len(self)), -np.ones(len(self)), np.zeros(2 * len(other))])
        delta_b = np.concatenate([np.zeros(2 * len(self)), np.ones(len(other)), -np.ones(len(other))])
        order = np.argsort(points, kind="stable")
        points, delta_a, delta_b = points[order], delta_a[order], delta_b[order]
        # coverage after all boundaries at the same position have been passed
        last = np.append(points[1:] != points[:-1], True)
        in_a = np.cumsum(delta_a)[last] > 0
        in_b = np.cumsum(delta_b)[last] > 0
        positions = points[last]
        chosen = keep(in_a, in_b)[:-1]
        return Spans.of(positions[:-1][chosen], positions[1:][chosen])

    def __and__(self, other: "Spans") -> "Spans":
        return self._combine(other, lambda a, b: a & b)

    def __or__(self, other: "Spans") -> "Spans":
        return self._combine(other, lambda a, b: a | b)

    def __sub__(self, other: "Spans") -> "Spans":
        return self._combine(other, lambda a, b: a & ~b)

    # -- relations between the spans of two sets -----------------------------------
    def count_starts_within(self, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
        """For each [start, end), how many of this set's spans overlap it."""
        first = np.searchsorted(self.ends, starts, side="right")  # spans ending after start
        last = np.searchsorted(self.starts, ends, side="left")  # spans starting before end
        return np.maximum(last - first, 0)

    def touching(self, other: "Spans") -> "Spans":
        """The joined extent of each run of spans where a span of this set and one of
        `other` overlap or meet."""
        both = self | other
        has_a = self.count_starts_within(both.starts, both.ends) > 0
        has_b = other.count_starts_within(both.starts, both.ends) > 0
        chosen = has_a & has_b
        return Spans(both.starts[chosen], both.ends[chosen])

    def near(self, other: "Spans", word_starts: np.ndarray, words: int) -> "Spans":
        """The extent from each span of this set to the nearest span of `other` in the
        same document with at most `words` words between them (overlap counts as 0)."""
        if len(self) == 0 or len(other) == 0:
            return Spans.empty()

        def between(left_end, right_start):
            return np.searchsorted(word_starts, right_start) - np.searchsorted(word_starts, left_end)

        index = np.searchsorted(other.starts, self.starts)
        found_starts, found_ends = [], []
        for candidate, after in ((index, True), (index - 1, False)):
            valid = (candidate >= 0) & (candidate < len(other))
            candidate = np.clip(candidate, 0, len(other) - 1)
            b_start, b_end = other.starts[candidate], other.ends[candidate]
            same_document = document_of(b_start) == document_of(self.starts)
            if after:
                gap = np.where(b_start < self.ends, 0, between(self.ends, b_start))
            else:
                gap = np.where(b_end > self.starts, 0, between(b_end, self.starts))
            chosen = valid & same_document & (gap <= words)
            found_starts.append(np.minimum(self.starts, b_start)[chosen])
            found_ends.append(np.maximum(self.ends, b_end)[chosen])
        return Spans.of(np.concatenate(found_starts), np.concatenate(found_ends))

    def cut(self, unit_starts: np.ndarray, unit_ends: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """This set cut at the edges of units (sorted, disjoint spans such as segments),
        keeping only the parts inside a unit: (starts, ends, unit index)."""
        first = np.searchsorted(unit_ends, self.starts, side="right")  # first unit ending after the start
        last = np.searchsorted(unit_starts, self.ends, side="left") - 1  # last unit starting before the end
        spread = np.maximum(last - first + 1, 0)
        span = np.repeat(np.arange(len(self)), spread)
        unit = np.repeat(first, spread) + (np.arange(len(span)) - np.repeat(np.cumsum(spread) - spread, spread))
        starts = np.maximum(self.starts[span], unit_starts[unit])
        ends = np.minimum(self.ends[span], unit_ends[unit])
        kept = ends > starts
        return starts[kept], ends[kept], unit[kept]
