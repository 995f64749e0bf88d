"""Coded documents out (issue 14): each document's text, turn by turn (speaker and time),
with every coding marked where it lies and listed beside the turn by its code label,
its exact words and who coded it; one member's layer or everyone's.

`coded_documents` builds plain data from the project's DataFrames; `to_html` writes a
self-contained, printable page (user text escaped, no external resources). The Word
version is in coded_documents_docx.py.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone

import numpy as np
import pandas as pd

# Characters XML (Word, Excel) cannot hold; shown as U+FFFD rather than failing the export.
NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_safe(text: str) -> str:
    return NOT_XML.sub("\ufffd", text)


@dataclass
class Note:
    number: int
    code: str
    words: str
    member: str
    role: str


@dataclass
class Turn:
    speaker: str | None
    time: str | None
    pieces: list[tuple[str, list[int]]]  # (text, numbers of the codings covering it)
    ends: dict[int, int] = field(default_factory=dict)  # piece index -> numbers of codings ending there
    notes: list[Note] = field(default_factory=list)


@dataclass
class CodedDocument:
    name: str
    kind: str
    turns: list[Turn]
    codings: int


def clock(seconds) -> str | None:
    if seconds is None or pd.isna(seconds):
        return None
    whole = int(seconds)
    return f"{whole // 3600:02d}:{whole % 3600 // 60:02d}:{whole % 60:02d}"


def layer_words(member: str | None) -> str:
    return f"{member}'s codings" if member else "everyone's codings"


def coded_documents(documents: pd.DataFrame, texts: dict[str, str], segments: pd.DataFrame,
                    codings: pd.DataFrame) -> list[CodedDocument]:
    """`documents` (name, kind) in order; `texts` by document name; `segments` and
    `codings` as the project's frames, already cut to the documents and the layer."""
    by_document_segments = dict(tuple(segments.groupby("document", sort=False)))
    by_document_codings = dict(tuple(codings.groupby("document", sort=False)))
    result = []
    for name, kind in zip(documents["name"], documents["kind"]):
        text = texts[name]
        turns_frame = by_document_segments.get(name)
        if turns_frame is None or turns_frame.empty:
            turns_frame = pd.DataFrame({"start": [0], "end": [len(text)], "speaker": [None], "time_start": [None]})
        turns_frame = turns_frame.sort_values("start", kind="stable").reset_index(drop=True)
        document_codings = by_document_codings.get(name, codings.iloc[0:0])
        document_codings = document_codings.sort_values(["start", "end", "id"], kind="stable").reset_index(drop=True)
        result.append(CodedDocument(name, kind, _turns(text, turns_frame, document_codings), len(document_codings)))
    return result


def _turns(text: str, turns_frame: pd.DataFrame, codings: pd.DataFrame) -> list[Turn]:
    """One sweep over the turns and the codings (both in text order), plain lists only."""
    starts = turns_frame["start"].to_numpy()
    # each coding is listed beside the turn it starts in (or the nearest one before it)
    homes = np.clip(np.searchsorted(starts, codings["start"].to_numpy(), side="right") - 1, 0, len(starts) - 1)
    rows = list(zip(codings["start"].tolist(), codings["end"].tolist(), range(1, len(codings) + 1),
                    codings["code"].tolist(), codings["text"].tolist(), codings["member"].tolist(),
                    codings["role"].tolist()))
    notes_of: dict[int, list[Note]] = {}
    for home, (_, _, number, code, words, member, role) in zip(homes.tolist(), rows):
        notes_of.setdefault(home, []).append(Note(number, code, words, member, role))
    speakers = turns_frame["speaker"].tolist() if "speaker" in turns_frame else [None] * len(turns_frame)
    times = turns_frame["time_start"].tolist() if "time_start" in turns_frame else [None] * len(turns_frame)
    turns, active, pointer = [], [], 0
    for index, (lo, hi) in enumerate(zip(turns_frame["start"].tolist(), turns_frame["end"].tolist())):
        while pointer < len(rows) and rows[pointer][0] < hi:
            active.append(rows[pointer])
            pointer += 1
        active = [row for row in active if row[1] > lo]  # turns come in text order: an ended coding stays ended
        crossing = [row for row in active if row[0] < hi]
        cuts = sorted({lo, hi, *(min(max(v, lo), hi) for row in crossing for v in row[:2])})
        pieces, ends = [], {}
        for a, b in zip(cuts, cuts[1:]):
            pieces.append((text[a:b], [row[2] for row in crossing if row[0] < b and row[1] > a]))
            ending = [row[2] for row in crossing if row[1] == b]
            if ending:
                ends[len(pieces) - 1] = ending
        speaker = speakers[index]
        turns.append(Turn(None if speaker is None or pd.isna(speaker) else speaker, clock(times[index]), pieces,
                          ends, notes_of.get(index, [])))
    return turns


CSS = """
body { font-family: Georgia, 'Times New Roman', serif; color: #111; background: #fff; margin: 2rem auto;
       max-width: 60rem; line-height: 1.5; padding: 0 1rem; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.3rem; border-bottom: 1px solid #444; margin-top: 2.5rem; }
.turn { display: grid; grid-template-columns: 2fr 1fr; gap: 1.5rem; border-top: 1px solid #ccc; padding: .5rem 0; }
.who { font-weight: bold; margin: 0; } .time { font-weight: normal; color: #333; }
.words p { margin: .25rem 0; white-space: pre-wrap; }
mark { background: #fff0a8; color: #111; text-decoration: underline; text-decoration-thickness: 2px; }
sup { font-size: .75em; font-weight: bold; }
.margin ol { margin: 0; padding-left: 1.8rem; font-size: .9rem; }
.margin li { margin-bottom: .4rem; } .code { font-weight: bold; } .by { color: #333; font-style: italic; }
@media print {
  body { margin: 0; max-width: none; font-size: 11pt; }
  section { break-before: page; } section:first-of-type { break-before: auto; }
  .turn { break-inside: avoid; } nav { display: none; } mark { background: #eee; }
}
"""


def _e(text) -> str:
    return html.escape(xml_safe(str(text)), quote=True)


def to_html(parts: list[CodedDocument], title: str, member: str | None) -> str:
    made = datetime.now(timezone.utc).strftime("%d %B %Y")
    out = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>Coded documents: {_e(title)}</title>", f"<style>{CSS}</style>", "</head>", "<body>",
           "<header>", f"<h1>Coded documents: {_e(title)}</h1>",
           f"<p>{len(parts)} document(s), {_e(layer_words(member))}. Made on {made}. Each coded passage is "
           "highlighted and underlined, with its number; the numbered list beside each turn names the code, "
           "the words coded and who coded them.</p>", "</header>", "<main>"]
    if len(parts) > 1:
        out.append('<nav aria-label="Documents"><ul>')
        out += [f'<li><a href="#document-{i}">{_e(part.name)}</a></li>' for i, part in enumerate(parts, 1)]
        out.append("</ul></nav>")
    for i, part in enumerate(parts, 1):
        out.append(f'<section id="document-{i}" aria-labelledby="document-{i}-title">')
        out.append(f'<h2 id="document-{i}-title">{_e(part.name)}</h2>')
        out.append(f"<p>{_e(part.kind)}; {part.codings} coding(s).</p>")
        for turn in part.turns:
            out.append(_turn_html(turn))
        out.append("</section>")
    out += ["</main>", "</body>", "</html>"]
    return "\n".join(out) + "\n"


def _turn_html(turn: Turn) -> str:
    who = ""
    if turn.speaker or turn.time:
        time = f' <span class="time">{_e(turn.time)}</span>' if turn.time else ""
        who = f'<p class="who"><bdi>{_e(turn.speaker or "")}</bdi>{time}</p>'
    words = []
    for index, (text, covering) in enumerate(turn.pieces):
        piece = _e(text)
        if covering:
            piece = f"<mark>{piece}</mark>"
        for number in turn.ends.get(index, []):
            piece += f"<sup>[{number}]</sup>"
        words.append(piece)
    notes = "".join(
        f'<li value="{note.number}"><span class="code">{_e(note.code)}</span>: “<bdi>{_e(note.words)}</bdi>” '
        f'<span class="by">{_e(note.member)}, {_e(note.role)}</span></li>' for note in turn.notes)
    margin = f'<div class="margin"><ol>{notes}</ol></div>' if notes else '<div class="margin"></div>'
    return f'<div class="turn"><div class="words">{who}<p>{"".join(words)}</p></div>{margin}</div>'
