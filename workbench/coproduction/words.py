"""Word counts behind a word cloud of one-line answers, and a sticky-note board's
notes with their clusters and codes."""

from __future__ import annotations

import re
from collections import Counter

import pandas as pd

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
    rows = []
    for note in notes.itertuples():
        attributes = note.attributes or {}
        on_note = codings[(codings["document_id"] == note.document_id) & (codings["start"] < note.end)
                          & (codings["end"] > note.start)]
        rows.append({"segment_id": note.id, "document": note.document, "cluster": attributes.get("cluster") or "(no cluster)",
                     "text": note.text, "author": attributes.get("author", ""), "colour": attributes.get("colour", ""),
                     "codes": sorted(set(on_note["code"]))})
    return pd.DataFrame(rows, columns=["segment_id", "document", "cluster", "text", "author", "colour", "codes"])
