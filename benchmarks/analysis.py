"""How long the analysis workspace takes on a big study (issue 13).

Generates 200 interviews (300 speaker turns each: 60,000 segments) with 200
participants (role, site, single parent), 40 codes and 500,000 codings by five
members. Then times, each the best of three runs:

- retrieval: `project.retrieve('"Code 01" AND "Code 02"', where={"role": "carer"})`
- text search over every document: `project.search("phone number")`
- a code x attribute matrix: `project.matrix("site", "participants")`
- the framework matrix: `project.framework()` (200 cases x 40 codes)
- a floor measured in the same run: the rows a matrix needs (every coding and every
  segment) read with one SQL query each into pandas, nothing else.

The timed calls reuse what the project read before while nobody changes it (see
`Corpus.of`); the first call after opening, which reads everything, is reported too
(`cold_matrix_ms`, `cold_search_ms`).

Goals: retrieval and matrices <= 300 ms, search <= 1 s. Prints the figures, then one
line of JSON.

    .venv/bin/python benchmarks/analysis.py [--interviews 200] [--codings 500000] [--project big.db]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy import select, text

from workbench import Project
from workbench.store.clock import now
from workbench.store.schema import codings, members

TURNS = 300
CODES = [f"Code {number:02d}" for number in range(1, 41)]
MEMBERS = [("Alex Morgan", "researcher"), ("Sam Reid", "researcher"), ("Jo Bennett", "lived-experience partner"),
           ("Chris Lee", "facilitator"), ("Pat Quinn", "lived-experience partner")]
ROLES, SITES = ["service user", "carer", "provider"], ["North", "South", "East", "West"]
WORDS = ("the ward nurse tablets home daughter waited letter told day bus night carer pharmacy discharge "
         "doctor lounge transport family alone café visit named contact worried stairs kettle").split()
GOALS = {"retrieve_ms": 300, "matrix_ms": 300, "framework_ms": 300, "search_ms": 1000}


def transcript(person: str, rng: random.Random) -> str:
    lines = []
    for turn in range(TURNS):
        words = [rng.choice(WORDS) for _ in range(rng.randint(15, 45))]
        if rng.random() < 0.05:
            words.insert(rng.randrange(len(words)), "phone number")
        speaker = "Interviewer" if turn % 2 == 0 else person
        lines.append(f"{speaker}: " + " ".join(words) + ".")
    return "\n".join(lines) + "\n"


def build(path: Path, interviews: int, coding_count: int, rng: random.Random) -> Project:
    project = Project.create(path, member="Alex Morgan", role="researcher")
    people = "pseudonym,role,site,single_parent\n" + "".join(
        f"P{n:03d},{rng.choice(ROLES)},{rng.choice(SITES)},{rng.choice(['yes', 'no'])}\n" for n in range(interviews))
    project.import_bytes(people.encode(), "participants.csv")
    for number in range(interviews):
        project.import_bytes(transcript(f"P{number:03d}", rng).encode(), f"interview_{number:03d}.txt")
    for code in CODES:
        project.add_code(code)
    segments = project.segments()
    spoken = segments[segments["participant"].notna()]
    nrng = np.random.default_rng(7)
    pick = nrng.integers(0, len(spoken), size=int(coding_count * 1.05))
    seg_start, seg_end = spoken["start"].to_numpy()[pick], spoken["end"].to_numpy()[pick]
    length = np.maximum(seg_end - seg_start, 2)
    start = seg_start + (nrng.random(len(pick)) * (length - 1) * 0.6).astype(int)
    end = np.minimum(seg_end, start + 20 + (nrng.random(len(pick)) * 150).astype(int))
    with project.store.read() as conn:
        code_ids = dict(conn.execute(text("SELECT name, id FROM codes")).all())
    member_ids = []
    for name, role in MEMBERS:
        with project.store.write(project.actor) as writer:
            member_ids.append(writer.member(name, role))
    frame = pd.DataFrame({
        "document_id": spoken["document_id"].to_numpy()[pick], "code_id": nrng.choice(list(code_ids.values()), len(pick)),
        "start": start, "end": end, "member_id": nrng.choice(member_ids, len(pick)),
    })
    frame = frame[frame["end"] > frame["start"]].drop_duplicates(["document_id", "code_id", "start", "end", "member_id"])
    frame = frame.head(coding_count)
    stamp = now()
    rows = [dict(document_id=int(d), code_id=int(c), start=int(s), end=int(e), member_id=int(m), created_at=stamp)
            for d, c, s, e, m in frame.itertuples(index=False, name=None)]
    # the set-up, not what is timed: one statement and one summary event, as an import does
    with project.store.write(project.actor) as writer:
        writer.conn.execute(codings.insert(), rows)
        writer.log("benchmark.codings", "codings", None, {"count": len(rows)})
    for case in range(0, interviews, 10):  # a few written cells, as a team would have
        project.write_framework_cell(f"P{case:03d}", CODES[case % len(CODES)], f"Summary {case}.")
    return project


def best_ms(work, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append((time.perf_counter() - started) * 1000)
    return round(min(times), 1)


def floor(project: Project) -> None:
    """The rows a matrix needs, read as plainly as the driver allows: one query each."""
    with project.store.read() as conn:
        for query in ('SELECT document_id, code_id, start, "end", member_id FROM codings',
                      'SELECT id, document_id, start, "end", participant_id FROM segments'):
            pd.DataFrame.from_records(conn.exec_driver_sql(query).cursor.fetchall())


def cold_ms(path: Path, work) -> float:
    """The first call on a freshly opened project: nothing kept from before."""
    with Project.open(path, member="Alex Morgan") as fresh:
        started = time.perf_counter()
        work(fresh)
        return round((time.perf_counter() - started) * 1000, 1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interviews", type=int, default=200)
    parser.add_argument("--codings", type=int, default=500_000)
    parser.add_argument("--project", type=Path, help="Keep the generated project here (reused if it exists).")
    options = parser.parse_args(argv)
    rng = random.Random(13)
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        path = options.project or Path(folder) / "big.db"
        if path.exists():
            project = Project.open(path, member="Alex Morgan")
        else:
            project = build(path, options.interviews, options.codings, rng)
        build_s = round(time.perf_counter() - started, 1)
        counts = project.summary()
        found = project.retrieve('"Code 01" AND "Code 02"', where={"role": "carer"})
        hits = project.search("phone number")
        figures = {
            "retrieve_ms": best_ms(lambda: project.retrieve('"Code 01" AND "Code 02"', where={"role": "carer"})),
            "search_ms": best_ms(lambda: project.search("phone number")),
            "matrix_ms": best_ms(lambda: project.matrix("site", "participants")),
            "framework_ms": best_ms(lambda: project.framework()),
            "floor_ms": best_ms(lambda: floor(project)),
        }
        cold = {
            "cold_matrix_ms": cold_ms(path, lambda p: p.matrix("site", "participants")),
            "cold_search_ms": cold_ms(path, lambda p: p.search("phone number")),
        }
        project.close()
    result = {**figures, **cold, "segments": counts["segments"], "codings": counts["codings"],
              "documents": counts["documents"], "retrieved_rows": len(found), "search_hits": len(hits),
              "build_s": build_s,
              "goals_met": {name: figures[name] <= goal for name, goal in GOALS.items()}}
    print(f"{counts['documents']} documents, {counts['segments']} segments, {counts['codings']} codings "
          f"(built in {build_s} s)")
    for name, value in figures.items():
        goal = GOALS.get(name)
        print(f"  {name:<13} {value:>8.1f} ms" + (f"   goal <= {goal} ms" if goal else ""))
    for name, value in cold.items():
        print(f"  {name:<13} {value:>8.1f} ms   (first call after opening: reads everything)")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
