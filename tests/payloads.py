"""Hostile text (issue 9): what a participant, a member or an imported file might
carry, placed in every place a person can type or import text."""

from __future__ import annotations

from pathlib import Path

from workbench import Project
from workbench.store.clock import now
from workbench.store.schema import topic_assignments, topic_runs, topics

MARK = "window.__wb_pwned"  # set by any payload that runs
PAYLOADS = [
    f"<script>{MARK}=1;alert('script')</script>",
    f"<img src=x onerror=\"{MARK}=2;alert('img')\">",
    f"<a href=\"javascript:{MARK}=3;alert('link')\">click me</a>",
    f"javascript:{MARK}=4",
    "$\\href{javascript:alert('maths')}{cost $5 and $10}$",
    "<svg onload=alert('svg')><b>bold</b></svg>",
    "{{7*7}} ${7*7} %{x}",
    "x" * 5000 + " a very long line",
]
SHORT = [payload if len(payload) < 200 else payload[:150] for payload in PAYLOADS]


def payload_project(path: Path) -> Project:
    """A project whose transcript, participants, members, codes, memos, themes and topic
    labels are all payloads; two members code it so agreement has something to show."""
    project = Project.create(path, member="Alex Morgan", role="researcher", title=SHORT[1])
    people = "pseudonym,role\n" + "".join(f"\"{name.replace(chr(34), chr(34) * 2)}\",service user\n"
                                         for name in ("Rose", SHORT[0], SHORT[2]))
    project.import_bytes(people.encode(), "people.csv")
    turns = "".join(f"[00:00:{index:02d}] Rose: {payload}\n" for index, payload in enumerate(PAYLOADS))
    project.import_bytes(turns.encode(), "payloads.txt")
    for payload in SHORT:
        project.add_code(payload, definition=payload)
    hostile_member = project.acting_as(SHORT[1], "lived-experience partner")
    segments = project.segments("payloads")
    for index, row in enumerate(segments.itertuples()):
        project.apply_code("payloads", SHORT[index % len(SHORT)], int(row.start), int(row.end))
        hostile_member.apply_code("payloads", SHORT[(index + 1) % len(SHORT)], int(row.start), int(row.end))
        project.add_memo(PAYLOADS[index], "segment", int(row.id))
    _topic_run(project, segments)
    # themes (issue 14): the dashboard's themes section and thematic map show them
    project.add_theme(SHORT[0], codes=list(SHORT[:2]), summary=PAYLOADS[1])
    project.add_theme(SHORT[5], codes=[SHORT[2]], summary=PAYLOADS[4], parent=SHORT[0])
    return project


def _topic_run(project: Project, segments) -> int:
    """A saved topic run with payload labels and keywords, written as a run is saved."""
    with project._write() as writer:
        run = writer.insert(topic_runs, {"name": SHORT[0], "embedding_model": "none", "parameters": "{}",
                                         "segment_count": len(segments), "created_by": writer.member_id,
                                         "created_at": now()}, "topics.run")
        ids = [writer.insert(topics, {"run_id": run, "number": number, "label": SHORT[number % len(SHORT)],
                                      "keywords": f'[["{SHORT[3]}", 0.5], ["%{{x}}", 0.2]]',
                                      "representative_segments": f"[{int(segments.iloc[number].id)}]",
                                      "size": 1, "status": "candidate"}, "topic.add")
               for number in range(3)]
        writer.insert_many(topic_assignments, [
            {"run_id": run, "segment_id": int(row.id), "topic_id": ids[index % 3], "x": float(index), "y": float(index % 3)}
            for index, row in enumerate(segments.itertuples())], None)
    return run
