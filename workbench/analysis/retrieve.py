"""Retrieval: the passages a query finds, with their context, as one DataFrame.

Everything is read once (segments, the layer's codings of the codes named) and
combined as sorted span arrays (see intervals.py): no statement or filter per coding.
A passage never crosses a turn: results are cut at segment edges, so each row has one
speaker, one time and one whole turn around it.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ..errors import WorkbenchError
from .corpus import Corpus
from .intervals import Spans, globalise, offset_of
from .query import Query, operands

RESULT_COLUMNS = ["document_id", "document", "segment_id", "position", "start", "end", "text", "turn", "speaker",
                  "time", "codes", "coders"]
_WORD = re.compile(r"\w+")


class Evaluation:
    """One query's scope, layer and codings, ready to combine."""

    def __init__(self, corpus: Corpus, query: Query, acting_member: str | None, resolve_sets):
        self.corpus = corpus
        self.query = query
        self.tree = query.tree()
        document_ids = resolve_sets.documents(query) if (query.documents or query.document_set) else None
        self.scope = corpus.segments[corpus.scope_mask(query.where, document_ids)]
        self.universe = Spans.of(self.scope["g_start"].to_numpy(), self.scope["g_end"].to_numpy())
        self.member_ids = corpus.layer_members(query.layer or "everyone", acting_member)
        self.subcodes = query.subcodes
        self.code_sets = {name: self.widened(resolve_sets.codes(name)) for name in operands(self.tree, "set")}
        named = self.widened(corpus.code_id(name) for name in operands(self.tree, "code"))
        self.code_ids = None if self.tree is None else sorted(named.union(*self.code_sets.values()))
        self.codings = corpus.codings(self.code_ids, self.member_ids)
        self._word_starts = None

    def widened(self, code_ids) -> set[int]:
        """The codes and, unless the query is exact, every code under them."""
        code_ids = set(code_ids)
        return self.corpus.with_subcodes(code_ids) if self.subcodes else code_ids

    def spans_of(self, code_ids) -> Spans:
        chosen = self.codings[self.codings["code_id"].isin(code_ids)]
        return Spans.of(chosen["g_start"].to_numpy(), chosen["g_end"].to_numpy()) & self.universe

    def word_starts(self) -> np.ndarray:
        if self._word_starts is None:
            texts = self.corpus.texts(self.scope["document_id"].unique())
            starts = [globalise(np.full(len(found), document_id), found)
                      for document_id, text in texts.items()
                      if len(found := np.fromiter((m.start() for m in _WORD.finditer(text)), dtype=np.int64))]
            found = np.sort(np.concatenate(starts)) if starts else np.empty(0, np.int64)
            # only words people said count, not speaker labels or times between turns
            self._word_starts = found[self.universe.count_starts_within(found, found + 1) > 0]
        return self._word_starts

    def evaluate(self, tree) -> Spans:
        operator = tree[0]
        if operator == "code":
            return self.spans_of(self.widened([self.corpus.code_id(tree[1])]))
        if operator == "exact":
            return self.spans_of([self.corpus.code_id(tree[1])])
        if operator == "set":
            return self.spans_of(self.code_sets[tree[1]])
        if operator == "not":
            return self.universe - self.evaluate(tree[1])
        if operator == "within":
            return self.evaluate(tree[2]).near(self.evaluate(tree[3]), self.word_starts(), tree[1]) & self.universe
        left, right = self.evaluate(tree[1]), self.evaluate(tree[2])
        if operator == "and":
            return left & right
        if operator == "or":
            return left | right
        if operator == "minus":
            return left - right
        if operator == "overlapping":
            return left.touching(right)
        if operator == "same segment":
            return self._same_segment(left, right)
        raise WorkbenchError(f"A query cannot use the operator '{operator}'.")

    def _same_segment(self, left: Spans, right: Spans) -> Spans:
        starts, ends = self.scope["g_start"].to_numpy(), self.scope["g_end"].to_numpy()
        *_, left_units = left.cut(starts, ends)
        *_, right_units = right.cut(starts, ends)
        both = np.intersect1d(left_units, right_units)
        return (left | right) & Spans.of(starts[both], ends[both])

    def passages(self) -> Spans:
        if self.tree is None:  # no codes named: every coded passage of the layer in scope
            return Spans.of(self.codings["g_start"].to_numpy(), self.codings["g_end"].to_numpy()) & self.universe
        return self.evaluate(self.tree)


def retrieve(corpus: Corpus, query: Query, acting_member: str | None, resolve_sets) -> pd.DataFrame:
    evaluation = Evaluation(corpus, query, acting_member, resolve_sets)
    return passages_frame(evaluation, evaluation.passages())


def passages_frame(evaluation: Evaluation, found: Spans) -> pd.DataFrame:
    """One row per passage: its words, the whole turn, who said it and when, the codes
    of the query found on it and who coded them."""
    corpus, scope = evaluation.corpus, evaluation.scope
    seg_starts, seg_ends = scope["g_start"].to_numpy(), scope["g_end"].to_numpy()
    starts, ends, unit = found.cut(seg_starts, seg_ends)
    segment = scope.iloc[unit].reset_index(drop=True)
    frame = pd.DataFrame({
        "document_id": segment["document_id"].to_numpy(), "document": segment["document"].to_numpy(),
        "segment_id": segment["segment_id"].to_numpy(), "position": segment["position"].to_numpy(),
        "start": offset_of(starts), "end": offset_of(ends),
    })
    texts = corpus.texts(frame["document_id"].unique())
    frame["text"] = [texts[d][a:b] for d, a, b in zip(frame["document_id"], frame["start"], frame["end"])]
    frame["turn"] = [texts[d][a:b] for d, a, b in zip(frame["document_id"], segment["start"], segment["end"])]
    frame["speaker"] = segment["participant"].to_numpy()
    frame["time"] = segment["time_start"].to_numpy()
    codes, coders = _codes_on(evaluation, starts, ends, unit, seg_starts, seg_ends)
    frame["codes"], frame["coders"] = codes, coders
    attributes = [c for c in segment.columns if c.startswith("p:")]
    for column in attributes:
        if column[2:] not in frame:
            frame[column[2:]] = segment[column].to_numpy()
    return frame[RESULT_COLUMNS + [c[2:] for c in attributes if c[2:] not in RESULT_COLUMNS]]


def _codes_on(evaluation: Evaluation, starts, ends, unit, seg_starts, seg_ends) -> tuple[list, list]:
    """For each passage, the codes (of the query) and the coders of codings on it."""
    if len(starts) == 0:
        return [], []
    codings = evaluation.codings
    first = np.searchsorted(seg_ends, codings["g_start"].to_numpy(), side="right")
    last = np.searchsorted(seg_starts, codings["g_end"].to_numpy(), side="left") - 1
    spread = np.maximum(last - first + 1, 0)
    rows = np.repeat(np.arange(len(codings)), spread)
    offsets = np.arange(len(rows)) - np.repeat(np.cumsum(spread) - spread, spread)
    touching = pd.DataFrame({"unit": np.repeat(first, spread) + offsets, "coding": rows})
    pieces = pd.DataFrame({"piece": np.arange(len(starts)), "unit": unit, "p_start": starts, "p_end": ends})
    joined = pieces.merge(touching, on="unit")
    c_start = codings["g_start"].to_numpy()[joined["coding"].to_numpy()]
    c_end = codings["g_end"].to_numpy()[joined["coding"].to_numpy()]
    joined = joined[(c_start < joined["p_end"].to_numpy()) & (c_end > joined["p_start"].to_numpy())]
    code_names = dict(zip(evaluation.corpus.codes["id"], evaluation.corpus.codes["name"]))
    member_names = dict(zip(evaluation.corpus.members["id"], evaluation.corpus.members["name"]))
    joined = joined.assign(code=codings["code_id"].to_numpy()[joined["coding"].to_numpy()],
                           member=codings["member_id"].to_numpy()[joined["coding"].to_numpy()])
    by_code = (joined.drop_duplicates(["piece", "code"]).assign(name=lambda f: f["code"].map(code_names))
               .sort_values(["piece", "name"]).groupby("piece")["name"].agg("; ".join))
    by_member = (joined.drop_duplicates(["piece", "member"]).assign(name=lambda f: f["member"].map(member_names))
                 .sort_values(["piece", "name"]).groupby("piece")["name"].agg("; ".join))
    index = pd.RangeIndex(len(starts))
    return (by_code.reindex(index, fill_value="").tolist(), by_member.reindex(index, fill_value="").tolist())
