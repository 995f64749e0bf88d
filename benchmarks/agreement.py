"""How long the agreement statistics take on a team-sized study.

Generates 500 interview documents (20 speaker turns each) coded independently by 4
members with 8 codes and one exclusive group (sentiment: negative / neutral /
positive), each member agreeing with a shared "true" coding most of the time. Then
times `Project.agreement()`: reading the project, unitising, and every statistic
(percent agreement, Krippendorff's alpha, Fleiss' kappa, Cohen's kappa for each pair,
weighted for the ordered group) for every code. Prints the figures, then one line of JSON.

    .venv/bin/python benchmarks/agreement.py
"""

from __future__ import annotations

import json
import random
import sys
import tempfile
import time
from pathlib import Path

from workbench import Project
from workbench.coding.codes import require_code
from workbench.store import Actor
from workbench.store.clock import now
from workbench.store.schema import codings

DOCUMENTS, TURNS, MEMBERS = 500, 20, ["Alex Morgan", "Sam Reid", "Jo Bennett", "Topic model"]
CODES = ["Waiting", "Communication", "Carers", "Medicines", "Transport", "Staff pressure", "Getting home", "Ideas"]
SENTIMENT = ["negative", "neutral", "positive"]
GOAL_SECONDS = 1.0


def transcript(number: int, rng: random.Random) -> str:
    words = "the ward nurse tablets home daughter waited letter phone told day bus night carer".split()
    lines = []
    for turn in range(TURNS):
        speaker = "Interviewer" if turn % 2 == 0 else f"Person {number}"
        lines.append(f"{speaker}: " + " ".join(rng.choice(words) for _ in range(rng.randint(8, 30))) + ".")
    return "\n".join(lines) + "\n"


def build(path: Path, rng: random.Random) -> Project:
    project = Project.create(path, member="Alex Morgan", role="researcher")
    for number in range(DOCUMENTS):
        project.import_bytes(transcript(number, rng).encode(), f"interview_{number:03d}.txt")
    for code in CODES:
        project.add_code(code)
    project.add_code("Sentiment")
    for value in SENTIMENT:
        project.add_code(value, parent="Sentiment")
    project.mark_exclusive("Sentiment", "ordinal", values=SENTIMENT)
    segments = project.segments()
    truth = []  # (document id, start, end, code) a careful coder would apply
    for _, segment in segments.iterrows():
        for code in CODES:
            if rng.random() < 0.12:
                truth.append((int(segment["document_id"]), int(segment["start"]), int(segment["end"]), code))
        if rng.random() < 0.5:
            truth.append((int(segment["document_id"]), int(segment["start"]), int(segment["end"]), rng.choice(SENTIMENT)))
    for member in MEMBERS:
        role = "machine" if member == "Topic model" else "researcher"
        # one logged transaction per member, through the Writer, logged as one event like an import
        with project.store.write(Actor(member, role)) as writer:
            ids = {code: require_code(writer.conn, code) for code in CODES + SENTIMENT}
            rows = {}
            for document_id, start, end, code in truth:
                if rng.random() < 0.15:
                    code = rng.choice(SENTIMENT) if code in SENTIMENT else rng.choice(CODES)
                if rng.random() < 0.9:
                    shift = rng.randint(0, max(0, (end - start) // 3))
                    rows[(document_id, ids[code], start + shift, end)] = {
                        "document_id": document_id, "code_id": ids[code], "start": start + shift, "end": end,
                        "member_id": writer.member_id, "created_at": now()}
            writer.insert_many(codings, list(rows.values()), None)
            writer.log("coding.import", "codings", None, {"codings": len(rows), "source": "benchmark"})
    return project


def main() -> int:
    rng = random.Random(4)
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        path = Path(folder) / "benchmark.db"
        project = build(path, rng)
        built = time.perf_counter() - started
        codings = len(project.codings())
        project.agreement()  # warm the imports (krippendorff, statsmodels, scipy)
        started = time.perf_counter()
        report = project.agreement()
        seconds = time.perf_counter() - started
        started = time.perf_counter()
        characters = project.agreement(unit="character", skip_uncoded=True)
        character_seconds = time.perf_counter() - started
        project.close()
    units = int(report.codes["units"].iloc[0])
    print(f"built {DOCUMENTS} documents x {len(MEMBERS)} members ({codings} codings, {units} segments) in {built:.1f} s")
    print(f"agreement by segment: {len(report.codes)} codes/groups, {len(report.pairs)} member pairs, {seconds:.3f} s"
          f" (goal <= {GOAL_SECONDS} s)")
    print(f"agreement by character (uncoded characters left out): {int(characters.codes['units'].iloc[0])} characters,"
          f" {character_seconds:.3f} s")
    print(report.codes[["code", "percent_agreement", "krippendorff_alpha", "fleiss_kappa", "reading"]]
          .to_string(index=False, float_format=lambda v: f"{v:.3f}"))
    print(json.dumps({"seconds": round(seconds, 4), "character_seconds": round(character_seconds, 4),
                      "documents": DOCUMENTS, "members": len(MEMBERS), "codings": codings, "units": units,
                      "codes": len(report.codes), "pairs": len(report.pairs), "goal_seconds": GOAL_SECONDS,
                      "within_goal": seconds <= GOAL_SECONDS}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
