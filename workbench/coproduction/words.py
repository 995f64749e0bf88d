"""Word counts behind a word cloud of one-line answers, and a sticky-note board's
notes with their clusters and codes."""

from __future__ import annotations

import re
from collections import Counter

import pandas as pd

from ..analysis.intervals import globalise, overlapping_pairs

WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


def word_counts(lines: pd.Series, min_length: int = 2, stop_words: frozenset[str] | None = None) -> pd.DataFrame:
    """How often each word appears, and in how many answers; the most frequent first.
    Common English words (scikit-learn's list) are left out unless `stop_words` is given."""
    if stop_words is None:
        from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS as stop_words
    counts: Counter = Counter()
    answers: Counter = Counter()
    for line in lines.fillna(""):
        words = [w.lower().replace("’", "'") for w in WORD.findall(str(line))]
        words = [w for w in words if len(w) >= min_length and w not in stop_words]
        counts.update(words)
        answers.update(set(words))
    frame = pd.DataFrame({"word": list(counts), "count": list(counts.values()),
                          "answers": [answers[w] for w in counts]}, columns=["word", "count", "answers"])
    return frame.sort_values(["count", "word"], ascending=[False, True]).reset_index(drop=True)


def board_frame(segments: pd.DataFrame, codings: pd.DataFrame) -> pd.DataFrame:
    """One row per sticky note: cluster, text, author, colour, and the codes on it."""
    notes = segments[segments["kind"] == "sticky note"]
    placed = notes.sort_values(["document_id", "start"], kind="stable")  # the overlap search wants them in order
    inside = codings[codings["document_id"].isin(notes["document_id"])]
    coding_row, note_row = overlapping_pairs(
        globalise(placed["document_id"], placed["start"]), globalise(placed["document_id"], placed["end"]),
        globalise(inside["document_id"], inside["start"]), globalise(inside["document_id"], inside["end"]))
    pairs = pd.DataFrame({"segment_id": placed["id"].to_numpy()[note_row], "code": inside["code"].to_numpy()[coding_row]})
    codes = pairs.drop_duplicates().sort_values("code").groupby("segment_id")["code"].agg(list)
    attributes = [a or {} for a in notes["attributes"]]
    return pd.DataFrame({
        "segment_id": notes["id"].to_numpy(), "document": notes["document"].to_numpy(),
        "cluster": [a.get("cluster") or "(no cluster)" for a in attributes], "text": notes["text"].to_numpy(),
        "author": [a.get("author", "") for a in attributes], "colour": [a.get("colour", "") for a in attributes],
        "codes": [codes.get(i, []) for i in notes["id"]]},
        columns=["segment_id", "document", "cluster", "text", "author", "colour", "codes"])
