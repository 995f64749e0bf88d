"""Agreement counted without building each code's unit table (issue 16) gives exactly
what the full tables give; whole-number reads go straight into one array. SQLite and
PostgreSQL."""

from __future__ import annotations

import random

import pandas as pd
from sqlalchemy import select

from workbench.agreement.selection import Selection
from workbench.store.schema import codings, segments

TRANSCRIPT = "".join(f"{'Interviewer' if turn % 2 == 0 else 'Person'}: turn {turn} about the ward and home.\n"
                     for turn in range(30))
CODERS = [("Alex Morgan", "researcher"), ("Sam Reid", "lived-experience partner"), ("Jo Bennett", "facilitator")]


def test_agreement_from_counted_patterns_equals_the_full_unit_tables(backend_project):
    project = backend_project
    for number, name in enumerate(("talk", "visit", "untouched")):
        project.import_bytes(TRANSCRIPT.replace("the ward", f"ward {number:03d}").encode(), f"{name}.txt")
    for code in ("Waiting", "Home", "Staff"):
        project.add_code(code)
    spans = project.segments()
    rng = random.Random(7)
    for number, (member, role) in enumerate(CODERS):
        rows = [{"document": int(s.document_id), "code": rng.choice(["Waiting", "Home", "Staff"]),
                 "start": int(s.start) + rng.choice([0, 2]), "end": int(s.end) + rng.choice([0, 5])}
                for s in spans.itertuples() if s.document_id != spans["document_id"].max() and rng.random() < 0.6
                and not (number == 2 and s.document_id == spans["document_id"].min())]  # Jo skips a document
        project.acting_as(member, role).apply_codes([{**row, "end": min(row["end"], len(TRANSCRIPT))} for row in rows])
    names = [name for name, _ in CODERS]
    for skip in (True, False):
        counted = project.agreement(members=names, skip_uncoded=skip)
        full = Selection(project.store, names).report(None, skip, keep_tables=True)
        assert len(counted.codes) == 3 and (counted.codes["units_left_out"].iloc[0] >= 30) == skip
        pd.testing.assert_frame_equal(counted.codes, full.codes)
        pd.testing.assert_frame_equal(counted.pairs, full.pairs)


def test_whole_numbers_are_read_into_one_array_sorted_as_asked(backend_project):
    project = backend_project
    project.import_bytes(TRANSCRIPT.encode(), "talk.txt")
    project.add_code("Waiting")
    spans = project.segments("talk")
    project.apply_codes([{"document": "talk", "code": "Waiting", "start": int(s.start), "end": int(s.end)}
                         for s in spans.iloc[::-1].itertuples()])
    frame = project.store.integer_frame(select(codings.c.id, codings.c.start, codings.c.end),
                                        order_by=["start", "id"])
    assert list(frame.dtypes) == ["int64"] * 3 and frame["start"].is_monotonic_increasing
    assert len(frame) == len(spans)
    with_nulls = project.store.integer_frame(select(segments.c.id, segments.c.participant_id))  # NULL: no array
    assert len(with_nulls) == len(spans) and with_nulls["participant_id"].isna().all()
