"""Text search across the project: a keyword-in-context table.

Modes: "phrase" (the words in this order; any run of spaces matches any run of
spaces), "whole word" (the phrase not inside a longer word), "words" (any of the
words, each a whole word) and "regex" (a Python regular expression). By default case
and accents do not matter ("cafe" finds "Café"): the search runs over a folded copy
of each text whose positions map back to the stored text, so every hit's offsets are
Python string indices into the document, as everywhere else.
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np
import pandas as pd

from ..errors import WorkbenchError
from .corpus import Corpus
from .intervals import globalise, offset_of

MODES = ("phrase", "whole word", "words", "regex")
KWIC_COLUMNS = ["document_id", "document", "segment_id", "position", "start", "end", "left", "hit", "right",
                "speaker", "time"]


def _strip_accents(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))


_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def _fold_chars(chars: str, case: bool, accents: bool) -> str:
    folded = chars if accents else _strip_accents(chars)
    return folded if case else folded.casefold()


def fold(text: str, case: bool, accents: bool) -> tuple[str, np.ndarray | None]:
    """The text as searched, and for each of its characters the position in `text`
    it came from (None when the positions are the same)."""
    if text.isascii():
        return (text if case else text.lower()), None
    lowered = text if case else text.lower()
    if len(lowered) == len(text):
        # only the runs of non-ASCII characters need folding; keep them if lengths hold
        changed = []
        folded = _NON_ASCII.sub(lambda m: _keep_length(m.group(), _fold_chars(m.group(), case, accents), changed),
                                lowered)
        if not changed:
            return folded, None
    pieces = [_fold_chars(ch, case, accents) for ch in text]  # rare: a fold changed a length (ß, ligatures)
    lengths = np.fromiter((len(piece) for piece in pieces), dtype=np.int64, count=len(pieces))
    return "".join(pieces), np.repeat(np.arange(len(text), dtype=np.int64), lengths)


def _keep_length(original: str, folded: str, changed: list) -> str:
    if len(folded) != len(original):
        changed.append(original)
        return original
    return folded


def compile_pattern(pattern: str, mode: str, case: bool, accents: bool) -> re.Pattern:
    if not isinstance(pattern, str) or not pattern.strip():
        raise WorkbenchError("Say what to search for, e.g. project.search('phone number').")
    if mode not in MODES:
        raise WorkbenchError(f"'{mode}' is not a way to search; use one of: " + ", ".join(MODES) + ".")
    flags = 0 if case else re.IGNORECASE
    if mode == "regex":
        source = pattern if accents else _strip_accents(pattern)
        try:
            return re.compile(source, flags)
        except re.error as exc:
            raise WorkbenchError(f"The regular expression {pattern!r} cannot be read ({exc}); "
                                 "or search with mode='phrase' for the words as they are.") from None
    folded = fold(pattern.strip(), case, accents)[0]
    phrase = r"\s+".join(re.escape(word) for word in folded.split())
    if mode == "phrase":
        return re.compile(phrase, flags)
    if mode == "whole word":
        return re.compile(rf"(?<!\w){phrase}(?!\w)", flags)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in folded.split()) + r")(?!\w)", flags)


def search(corpus: Corpus, pattern: str, mode: str = "phrase", case_sensitive: bool = False,
           accent_sensitive: bool = False, where: dict | None = None, document_ids: set[int] | None = None,
           context: int = 40) -> pd.DataFrame:
    """Every hit inside a turn in scope, with `context` characters either side (never
    beyond the turn), the speaker and the time."""
    compiled = compile_pattern(pattern, mode, case_sensitive, accent_sensitive)
    scope = corpus.segments[corpus.scope_mask(where or {}, document_ids)]
    texts = corpus.texts(scope["document_id"].unique())
    starts, ends = [], []
    for document_id, text in texts.items():
        key = (document_id, case_sensitive, accent_sensitive)
        if key not in corpus.folded:
            corpus.folded[key] = fold(text, case_sensitive, accent_sensitive)
        folded, origin = corpus.folded[key]
        found = np.array([(m.start(), m.end()) for m in compiled.finditer(folded) if m.end() > m.start()],
                         dtype=np.int64).reshape(-1, 2)
        if origin is not None and len(found):
            found = np.column_stack([origin[found[:, 0]], origin[found[:, 1] - 1] + 1])
        starts.append(globalise(np.full(len(found), document_id), found[:, 0]))
        ends.append(globalise(np.full(len(found), document_id), found[:, 1]))
    hit_starts = np.concatenate(starts) if starts else np.empty(0, np.int64)
    hit_ends = np.concatenate(ends) if ends else np.empty(0, np.int64)
    order = np.argsort(hit_starts, kind="stable")
    hit_starts, hit_ends = hit_starts[order], hit_ends[order]
    seg_starts, seg_ends = scope["g_start"].to_numpy(), scope["g_end"].to_numpy()
    unit = np.searchsorted(seg_starts, hit_starts, side="right") - 1
    inside = (unit >= 0) & (hit_starts < seg_ends[np.clip(unit, 0, None)]) if len(seg_starts) else unit < -1
    hit_starts, hit_ends, unit = hit_starts[inside], hit_ends[inside], unit[inside]
    hit_ends = np.minimum(hit_ends, seg_ends[unit])
    segment = scope.iloc[unit].reset_index(drop=True)
    frame = pd.DataFrame({
        "document_id": segment["document_id"].to_numpy(), "document": segment["document"].to_numpy(),
        "segment_id": segment["segment_id"].to_numpy(), "position": segment["position"].to_numpy(),
        "start": offset_of(hit_starts), "end": offset_of(hit_ends),
    })
    turn_start, turn_end = segment["start"].to_numpy(), segment["end"].to_numpy()
    left_from = np.maximum(turn_start, frame["start"].to_numpy() - context)
    right_to = np.minimum(turn_end, frame["end"].to_numpy() + context)
    rows = zip(frame["document_id"], left_from, frame["start"], frame["end"], right_to)
    pieces = [(texts[d][a:s], texts[d][s:e], texts[d][e:b]) for d, a, s, e, b in rows]
    frame["left"] = [piece[0] for piece in pieces]
    frame["hit"] = [piece[1] for piece in pieces]
    frame["right"] = [piece[2] for piece in pieces]
    frame["speaker"] = segment["participant"].to_numpy()
    frame["time"] = segment["time_start"].to_numpy()
    attributes = [c for c in segment.columns if c.startswith("p:") and c[2:] not in KWIC_COLUMNS]
    for column in attributes:
        frame[column[2:]] = segment[column].to_numpy()
    return frame
