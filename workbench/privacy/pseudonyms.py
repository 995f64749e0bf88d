"""Pseudonyms: real names replaced at import, the key kept outside the project.

The key is a CSV file the team keeps (if at all) at its own path, away from the
project, exports and snapshots: columns `real name` and `pseudonym`, and optionally
`also known as` (other spellings, `;`-separated). `pseudonymise` replaces every listed
name in an imported file's text, speaker names and document names before anything is
written, shifts the segment offsets to match, and returns a review list so the team
can check each replacement (and look for names the key does not list).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import replace
from pathlib import Path

import pandas as pd

from ..errors import ImportProblem
from ..ingest.decode import decode_text
from ..ingest.model import ParsedDocument, ParsedImport

CONTEXT = 30  # characters either side in the review list


def load_key(path: Path, project_path: Path | None = None) -> dict[str, str]:
    """{name as written: pseudonym}, from the key file at `path`."""
    path = Path(path)
    if project_path is not None and path.resolve().parent == Path(project_path).resolve().parent:
        raise ImportProblem(str(path), "is in the same folder as the project.",
                            "Keep the name key in a separate folder, away from the project, its exports and snapshots.")
    if not path.is_file():
        raise ImportProblem(str(path), "does not exist.", "Give the path of the name key (a CSV file).")
    rows = list(csv.DictReader(io.StringIO(decode_text(path.read_bytes(), path.name).text)))
    columns = {name.strip().lower(): name for name in (rows[0].keys() if rows else [])}
    if "real name" not in columns or "pseudonym" not in columns:
        raise ImportProblem(str(path), "needs the columns 'real name' and 'pseudonym'.",
                            "Add a header row with those two columns.")
    key: dict[str, str] = {}
    for number, row in enumerate(rows, start=2):
        real, pseudonym = (row[columns["real name"]] or "").strip(), (row[columns["pseudonym"]] or "").strip()
        if not real or not pseudonym:
            raise ImportProblem(str(path), f"row {number} lacks a real name or a pseudonym.", "Fill in both, or delete the row.")
        aliases = (row.get(columns.get("also known as", ""), "") or "").split(";")
        for name in [real, *aliases]:
            if name.strip():
                key[name.strip()] = pseudonym
    return key


def _pattern(key: dict[str, str]) -> re.Pattern:
    names = sorted(key, key=len, reverse=True)  # "Rose Smith" before "Rose"
    # A letter or digit may not touch a name; "_" and "-" may ("int09_margaret.txt").
    return re.compile(r"(?<![^\W_])(" + "|".join(re.escape(name) for name in names) + r")(?![^\W_])", re.IGNORECASE)


def pseudonymise(parsed: ParsedImport, key: dict[str, str]) -> tuple[ParsedImport, pd.DataFrame]:
    if not key:
        return parsed, _review([])
    pattern = _pattern(key)
    lookup = {name.lower(): pseudonym for name, pseudonym in key.items()}
    found: list[dict] = []
    documents = [_document(document, pattern, lookup, found) for document in parsed.documents]
    participants = [replace(person, pseudonym=pattern.sub(lambda m: lookup[m.group(0).lower()], person.pseudonym))
                    for person in parsed.participants]
    filename = pattern.sub(lambda m: lookup[m.group(0).lower()], parsed.filename)
    return replace(parsed, filename=filename, documents=documents, participants=participants), _review(found)


def _document(document: ParsedDocument, pattern: re.Pattern, lookup: dict[str, str], found: list[dict]) -> ParsedDocument:
    pieces, shifts, position, delta = [], [], 0, 0  # shifts: (old end of a match, total change so far)
    name = pattern.sub(lambda m: lookup[m.group(0).lower()], document.name)
    new_text_matches = []
    for match in pattern.finditer(document.text):
        pseudonym = lookup[match.group(0).lower()]
        pieces += [document.text[position:match.start()], pseudonym]
        new_text_matches.append((match.start() + delta, match.group(0), pseudonym))
        delta += len(pseudonym) - len(match.group(0))
        shifts.append((match.start(), match.end(), delta))
        position = match.end()
    text = "".join(pieces) + document.text[position:]

    def moved(offset: int) -> int:
        change = 0
        for start, end, total in shifts:
            if offset >= end:
                change = total
            elif offset > start:  # inside a name: to the start of its pseudonym
                return start + change
            else:
                break
        return offset + change

    for start, written, pseudonym in new_text_matches:
        found.append({"document": name, "offset": start, "found": written, "replaced_by": pseudonym,
                      "context": text[max(0, start - CONTEXT):start + len(pseudonym) + CONTEXT]})
    segments = [replace(segment, start=moved(segment.start), end=moved(segment.end),
                        speaker=None if segment.speaker is None else
                        pattern.sub(lambda m: lookup[m.group(0).lower()], segment.speaker))
                for segment in document.segments]
    for segment in document.segments:
        if segment.speaker and pattern.search(segment.speaker):
            found.append({"document": name, "offset": None, "found": segment.speaker, "replaced_by":
                          pattern.sub(lambda m: lookup[m.group(0).lower()], segment.speaker), "context": "speaker"})
    return replace(document, name=name, text=text, segments=segments)


def _review(found: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(found, columns=["document", "offset", "found", "replaced_by", "context"])
