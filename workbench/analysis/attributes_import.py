"""More attributes later, from a CSV (or .xlsx) file: one column naming the document or
participant, every other column an attribute.

    pseudonym,site,single_parent          document,wave
    Rose,Northbrook,yes                   int01_rose,1

Names match as written, or else without regard to case and spacing. An empty cell
leaves that attribute as it was. Columns the project keeps itself (id, consent, kind)
are left out and named in the answer, so an edited `project.attributes()` table can
come back as it is. Any unknown name, a repeated name or an unreadable file stops the
whole import with one sentence naming the file and the fix: nothing is half-written.
"""

from __future__ import annotations

from pathlib import PurePath

from ..errors import ImportProblem
from ..ingest.tables import find_column, read_table, spreadsheet_row
from ..store import Writer
from .attributes import FIXED, _table, merged, stored_rows, write_changes

NAME_COLUMNS = {"participants": ("pseudonym", "participant", "case", "name"),
                "documents": ("document", "name", "source")}
THEIR_LIST = {"participants": "project.participants() or `workbench info`",
              "documents": "project.documents() or `workbench info`"}


def _folded(name: str) -> str:
    return " ".join(str(name).split()).casefold()


def import_attributes(writer: Writer, kind: str, data: bytes, filename: str) -> dict:
    """Read the file and store its attributes in the caller's transaction. Returns a
    summary: rows read, rows changed, the attributes set and the columns left out."""
    _table(kind)
    frame, warnings = read_table(data, filename)
    key = find_column(frame, filename, f"{kind[:-1]} each row is about", None, NAME_COLUMNS[kind])
    left_out = [c for c in frame.columns if c != key and c.casefold() in FIXED[kind]]
    attributes = [c for c in frame.columns if c != key and c not in left_out and c.strip()]
    if not attributes:
        raise ImportProblem(filename, f"has no attribute columns beside '{key}'.",
                            "Add one column per attribute (e.g. site, wave) and import again.")
    names = frame[key]
    blank = names.index[names == ""]
    if len(blank):
        raise ImportProblem(filename, f"row {spreadsheet_row(blank[0])} names no {kind[:-1]}.",
                            f"Fill in the '{key}' cell or delete the row.")
    stored = stored_rows(writer.conn, kind)
    by_folded: dict[str, list[str]] = {}
    for name in stored:
        by_folded.setdefault(_folded(name), []).append(name)

    def match(name: str) -> str | None:
        if name in stored:
            return name
        candidates = by_folded.get(_folded(name), [])
        return candidates[0] if len(candidates) == 1 else None

    matched = names.map(match)
    unknown = names[matched.isna()]
    if len(unknown):
        more = f" (and {len(unknown) - 1} more)" if len(unknown) > 1 else ""
        raise ImportProblem(filename, f"row {spreadsheet_row(unknown.index[0])} names '{unknown.iloc[0]}'{more}, "
                            f"which is no {kind[:-1]} of this project; nothing was changed.",
                            f"Correct the name to one in {THEIR_LIST[kind]}, or delete the row.")
    repeated = matched[matched.duplicated()]
    if len(repeated):
        raise ImportProblem(filename, f"has more than one row for '{repeated.iloc[0]}'; nothing was changed.",
                            f"Keep one row per {kind[:-1]}.")
    values = frame[attributes].to_dict("records")
    wanted = {name: merged(stored[name][1], row, drop_blank=False) for name, row in zip(matched, values)}
    changed = write_changes(writer, kind, stored, wanted)
    writer.log("attributes.import", kind, None, {"file": PurePath(filename).name, "rows": len(frame),
                                                  "changed": changed, "attributes": attributes})
    return {"file": PurePath(filename).name, "rows": len(frame), "changed": changed, "attributes": attributes,
            "left_out": left_out, "warnings": warnings}
