"""How long a REFI-QDA import and export take on a team-sized project.

Builds a .qdpx in memory (50 sources of ~40,000 characters, 300 codes in a 3-level
hierarchy, 10,000 codings by 5 users, 200 notes), imports it into a new project, exports
it, and imports the export into another new project. Prints the figures, then one line
of JSON.

    .venv/bin/python benchmarks/refi_exchange.py
"""

from __future__ import annotations

import io
import json
import random
import re
import sys
import tempfile
import time
import uuid
import zipfile
from pathlib import Path

from workbench import Project

NS = "urn:QDA-XML:project:1.0"
SOURCES, CODES, CODINGS, USERS, NOTES = 50, 300, 10_000, 5, 200


def guid() -> str:
    return str(uuid.uuid4())


def build_qdpx(rng: random.Random) -> bytes:
    words = "home discharge nurse waiting tablets carer ward transport letter pharmacy family".split()
    users = [(guid(), f"Coder {i}") for i in range(USERS)]
    codes, xml_codes = [], []
    for top in range(10):
        top_guid = guid()
        children = []
        for mid in range(5):
            mid_guid = guid()
            leaves = [(guid(), f"code {top}.{mid}.{leaf}") for leaf in range(5)]
            codes += [mid_guid] + [g for g, _ in leaves]
            inner = "".join(f'<Code guid="{g}" name="{n}" isCodable="true"/>' for g, n in leaves)
            children.append(f'<Code guid="{mid_guid}" name="code {top}.{mid}" isCodable="true">{inner}</Code>')
        codes.append(top_guid)
        xml_codes.append(f'<Code guid="{top_guid}" name="theme {top}" isCodable="true" color="#336699">'
                         f'<Description>About {top}.</Description>{"".join(children)}</Code>')
    files, sources = {}, []
    per_source = CODINGS // SOURCES
    for number in range(SOURCES):
        text = "\n".join(" ".join(rng.choice(words) for _ in range(12)) for _ in range(450))
        source_guid = guid()
        files[f"Sources/{source_guid}.txt"] = text.encode()
        selections = []
        # people select whole words: starts and ends on word boundaries, as real exports have
        starts = [m.start() for m in re.finditer(r"\b\w", text)]
        ends = [m.end() for m in re.finditer(r"\w\b", text)]
        for _ in range(per_source):
            first = rng.randrange(0, len(starts) - 40)
            start, end = starts[first], ends[first + rng.randrange(2, 30)]
            user = rng.choice(users)[0]
            selections.append(
                f'<PlainTextSelection guid="{guid()}" startPosition="{start}" endPosition="{end}">'
                f'<Coding guid="{guid()}" creatingUser="{user}"><CodeRef targetGUID="{rng.choice(codes)}"/></Coding>'
                '</PlainTextSelection>')
        sources.append(f'<TextSource guid="{source_guid}" name="interview {number:02d}" '
                       f'plainTextPath="internal://{source_guid}.txt">{"".join(selections)}</TextSource>')
    notes = "".join(f'<Note guid="{guid()}" creatingUser="{users[0][0]}"><PlainTextContent>Note {i}.</PlainTextContent></Note>'
                    for i in range(NOTES))
    qde = (f'<?xml version="1.0" encoding="utf-8"?><Project xmlns="{NS}" name="benchmark" origin="benchmark">'
           f'<Users>{"".join(f"<User guid={chr(34)}{g}{chr(34)} name={chr(34)}{n}{chr(34)}/>" for g, n in users)}</Users>'
           f'<CodeBook><Codes>{"".join(xml_codes)}</Codes></CodeBook><Sources>{"".join(sources)}</Sources>'
           f'<Notes>{notes}</Notes></Project>')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", qde)
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def main() -> None:
    data = build_qdpx(random.Random(7))
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        (folder / "in.qdpx").write_bytes(data)
        with Project.create(folder / "a.db", member="Bench Mark") as first:
            started = time.perf_counter()
            report = first.import_file(folder / "in.qdpx")
            import_seconds = time.perf_counter() - started
            started = time.perf_counter()
            first.export_refi(folder / "out.qdpx")
            export_seconds = time.perf_counter() - started
        with Project.create(folder / "b.db", member="Bench Mark") as second:
            started = time.perf_counter()
            again = second.import_file(folder / "out.qdpx")
            reimport_seconds = time.perf_counter() - started
    figures = {
        "qdpx_bytes": len(data), "sources": SOURCES, "codes": report.codes, "codings": report.codings,
        "memos": report.memos, "import_seconds": round(import_seconds, 2), "export_seconds": round(export_seconds, 2),
        "reimport_seconds": round(reimport_seconds, 2), "round_trip_codings_equal": again.codings == report.codings,
    }
    for key, value in figures.items():
        print(f"{key:>26}: {value}")
    print(json.dumps(figures))


if __name__ == "__main__":
    sys.exit(main())
