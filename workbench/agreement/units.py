"""Turning span codings into the unit-by-member tables agreement statistics take.

A unit is a segment (a speaker turn, a sticky note, a survey answer), or one
character with `unit="character"`. Each table has one row per unit and one column per
member, holding a number or NaN (missing):

- presence of one code: 1 if the member's codings of it touch the unit, else 0;
  NaN on documents where the member coded nothing at all (they did not code that
  document, which is not the same as deciding the code does not apply);
- an exclusive group: the number of the sub-code the member gave the unit (the one
  covering most of it if they gave several), NaN if they gave none.

Documents are laid end to end on one axis so every coding finds its units with one
sorted search, which keeps 500 documents x 4 members well under a second.
"""

from __future__ import annotations

from functools import cached_property

import numpy as np
import pandas as pd

from ..analysis.intervals import overlapping_pairs
from ..errors import WorkbenchError
from .compress import merge_rows
from .groups import ExclusiveGroup

UNITS = ("segment", "character")


class UnitTables:
    """The units of some documents and the codings of some members on them."""

    def __init__(self, documents: pd.DataFrame, segments: pd.DataFrame, codings: pd.DataFrame,
                 members: list[str], unit: str = "segment"):
        if unit not in UNITS:
            raise WorkbenchError(f"'{unit}' is not a unit of analysis; use 'segment' or 'character'.")
        if len(members) < 2:
            raise WorkbenchError("Agreement needs at least two members who coded the same documents; "
                                 "choose them with members=[...] (or --members a,b).")
        self.unit = unit
        self.members = list(members)
        lengths = documents.set_index("id")["characters"].astype(np.int64)
        self.base = pd.Series(np.cumsum(lengths.to_numpy()) - lengths.to_numpy(), index=lengths.index)
        self.total = int(lengths.sum())
        self.document_names = documents.set_index("id")["name"]
        codings = codings[codings["member"].isin(self.members) & codings["document_id"].isin(lengths.index)]
        self.codings = codings.assign(
            member_index=codings["member"].map({name: i for i, name in enumerate(self.members)}).to_numpy(np.int64),
            global_start=(codings["document_id"].map(self.base) + codings["start"]).to_numpy(np.int64),
            global_end=(codings["document_id"].map(self.base) + codings["end"]).to_numpy(np.int64),
        )
        seen = np.zeros((len(lengths), len(self.members)), dtype=bool)
        doc_row = {doc: i for i, doc in enumerate(lengths.index)}
        seen[self.codings["document_id"].map(doc_row).to_numpy(dtype=np.int64),
             self.codings["member_index"].to_numpy(dtype=np.int64)] = True
        self._seen_by_document = seen
        if unit == "segment":
            self.units = self._segment_units(documents, segments)
            unit_docs = self.units["document_id"].map(doc_row).to_numpy()
        else:
            self.units = None
            unit_docs = np.repeat(np.arange(len(lengths)), lengths.to_numpy())
        self.seen = seen[unit_docs]  # unit x member: did the member code this unit's document at all
        self._unit_documents = unit_docs
        self._pairs = self._coding_unit_pairs() if unit == "segment" else None

    # -- units -------------------------------------------------------------------------
    def _segment_units(self, documents: pd.DataFrame, segments: pd.DataFrame) -> pd.DataFrame:
        columns = ["segment_id", "document_id", "document", "position", "start", "end"]
        units = segments[segments["document_id"].isin(self.base.index)].rename(columns={"id": "segment_id"})[columns]
        bare = documents[~documents["id"].isin(units["document_id"])]  # no segments: the whole text is one unit
        if len(bare):
            units = pd.concat([units, pd.DataFrame({
                "segment_id": pd.NA, "document_id": bare["id"], "document": bare["name"], "position": 0,
                "start": 0, "end": bare["characters"]})], ignore_index=True)
        units = units.assign(global_start=units["document_id"].map(self.base) + units["start"],
                             global_end=units["document_id"].map(self.base) + units["end"])
        return units.sort_values("global_start", kind="stable").reset_index(drop=True)

    def _coding_unit_pairs(self) -> pd.DataFrame:
        """Every (coding, segment) pair that share at least one character, with the overlap."""
        starts = self.units["global_start"].to_numpy(np.int64)
        ends = self.units["global_end"].to_numpy(np.int64)
        c_start = self.codings["global_start"].to_numpy(np.int64)
        c_end = self.codings["global_end"].to_numpy(np.int64)
        coding_row, unit = overlapping_pairs(starts, ends, c_start, c_end)
        overlap = np.minimum(c_end[coding_row], ends[unit]) - np.maximum(c_start[coding_row], starts[unit])
        return pd.DataFrame({
            "unit": unit, "overlap": overlap, "member_index": self.codings["member_index"].to_numpy()[coding_row],
            "code": self.codings["code"].to_numpy()[coding_row],
            "coding_id": self.codings["id"].to_numpy()[coding_row],
        })

    @cached_property
    def _hits_by_code(self) -> dict:
        """Each code's (units, member indexes), grouped once rather than filtered per code."""
        pairs = self._pairs
        return {code: (group["unit"].to_numpy(), group["member_index"].to_numpy())
                for code, group in pairs.groupby("code", sort=False)}

    @cached_property
    def _distinct_hits(self) -> dict:
        """Each code's distinct (unit, member) hits, sorted by unit: one sort for all codes."""
        pairs, width = self._pairs, len(self.members)
        code_numbers, names = pd.factorize(pairs["code"], sort=False)
        keys = np.sort((code_numbers.astype(np.int64) * self.size + pairs["unit"].to_numpy(np.int64)) * width
                       + pairs["member_index"].to_numpy(np.int64))
        keys = keys[np.concatenate([[True], keys[1:] != keys[:-1]])]  # np.unique hashes: 50x slower here
        code_of, rest = np.divmod(keys, self.size * width)
        bounds = np.searchsorted(code_of, np.arange(len(names) + 1))
        units, members = np.divmod(rest, width)
        return {name: (units[bounds[i]:bounds[i + 1]], members[bounds[i]:bounds[i + 1]]) for i, name in enumerate(names)}

    @property
    def size(self) -> int:
        return len(self.units) if self.unit == "segment" else self.total

    def _frame(self, table: np.ndarray) -> pd.DataFrame:
        return pd.DataFrame(table, columns=self.members)

    def _coverage(self, spans: pd.DataFrame) -> np.ndarray:
        """Character x member: covered by any of these codings."""
        covered = np.zeros((self.total, len(self.members)), dtype=bool)
        for index in range(len(self.members)):
            mine = spans[spans["member_index"].to_numpy() == index]
            change = (np.bincount(mine["global_start"].to_numpy(), minlength=self.total + 1)
                      - np.bincount(mine["global_end"].to_numpy(), minlength=self.total + 1))
            covered[:, index] = np.cumsum(change[:-1]) > 0
        return covered

    # -- tables ------------------------------------------------------------------------
    def presence(self, code: str) -> pd.DataFrame:
        """Unit x member: 1 if the member applied `code` to the unit, 0 if not, NaN if
        they coded nothing in that document."""
        if self.unit == "segment":
            table = np.zeros((self.size, len(self.members)))
            units, member_indexes = self._hits_by_code.get(code, ((), ()))
            table[units, member_indexes] = 1.0
        else:
            table = self._coverage(self.codings[self.codings["code"] == code]).astype(float)
        table[~self.seen] = np.nan
        return self._frame(table)

    def presence_rows(self, code: str, keep: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
        """`distinct_rows(presence(code)[keep])` without building the table (segment
        units, up to 8 members; else None): a unit's row follows from which members
        coded its document and which of them applied the code there, so the kept
        units are counted by that pattern once for all codes, and each code only moves
        the units it touches. Work per code grows with its codings, not the units."""
        if self.unit != "segment" or len(self.members) > 8:
            return None
        width = len(self.members)
        bits = 1 << np.arange(width, dtype=np.int64)
        if getattr(self, "_kept_patterns", (None,))[0] is not keep:
            seen_key = self.seen.astype(np.int64) @ bits
            self._kept_patterns = (keep, seen_key, np.bincount(seen_key[keep], minlength=1 << width))
        _, seen_key, by_seen = self._kept_patterns
        hit_units, hit_members = self._distinct_hits.get(code, (np.zeros(0, np.int64), np.zeros(0, np.int64)))
        inside = keep[hit_units]
        hit_units, hit_members = hit_units[inside], hit_members[inside]
        touched, first = np.unique(hit_units, return_index=True)
        hit_bits = np.bitwise_and(np.add.reduceat(bits[hit_members], first) if len(first) else np.zeros(0, np.int64),
                                  seen_key[touched])
        patterns = seen_key[touched] * (1 << width) + hit_bits
        counts = by_seen * 1.0  # untouched units: seen pattern, no hits
        counts_touched = np.bincount(patterns, minlength=1 << (2 * width)).astype(float)
        untouched = np.bincount(seen_key[touched], minlength=1 << width)
        counts = np.concatenate([counts - untouched, counts_touched])
        keys = np.concatenate([np.arange(1 << width, dtype=np.int64) * (1 << width),
                               np.arange(1 << (2 * width), dtype=np.int64)])
        seen_bits = (keys[:, None] >> width) & bits > 0
        rows = np.where(seen_bits, ((keys[:, None] & bits) > 0).astype(float), np.nan)
        return merge_rows(rows, counts)

    def values(self, group: ExclusiveGroup) -> pd.DataFrame:
        """Unit x member: the number of the sub-code of `group` given, NaN if none."""
        table = np.full((self.size, len(self.members)), np.nan)
        if self.unit == "segment":
            hits = self._pairs[self._pairs["code"].isin(group.values)]
            hits = hits.sort_values("overlap", ascending=False, kind="stable").drop_duplicates(["unit", "member_index"])
            table[hits["unit"].to_numpy(), hits["member_index"].to_numpy()] = hits["code"].map(group.values).to_numpy()
        else:
            for name, number in group.values.items():
                table[self._coverage(self.codings[self.codings["code"] == name])] = number
        return self._frame(table)

    def uncoded(self) -> np.ndarray:
        """Units no member applied any code to."""
        if self.unit == "segment":
            coded = np.zeros(self.size, dtype=bool)
            coded[self._pairs["unit"].to_numpy()] = True
            return ~coded
        return ~self._coverage(self.codings).any(axis=1)

    def unit_frame(self) -> pd.DataFrame:
        """Where each unit is: document, segment position and span (segments), or offset (characters)."""
        if self.unit == "segment":
            return self.units[["document", "segment_id", "position", "start", "end"]]
        offset = np.arange(self.total) - self.base.to_numpy()[self._unit_documents]
        return pd.DataFrame({"document": self.document_names.to_numpy()[self._unit_documents], "offset": offset})
