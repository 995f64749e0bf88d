"""What the database's row checks of members' logins cost (issue 17): many codings
written at once, as one set-based write (the Writer's COPY of rows, events and undo
steps), through the project owner's connection (no checks fire), a member's own login
(each row checked at commit) and a facilitator's login entering them for a partner
(each row also finds the log entry that vouches for it). Prints each figure and ends
with one line of JSON.

    .venv/bin/python benchmarks/member_rows.py --url postgresql+psycopg://postgres@127.0.0.1:5432/empty_db
    .venv/bin/python benchmarks/member_rows.py --url ... --rows 2000     # to try it
"""

from __future__ import annotations

import argparse
import json
import time

from workbench.project import Project
from workbench.store.bulk_insert import Same
from workbench.store.clock import now
from workbench.store.schema import codings

TEXT = "Sam: I felt rushed by the clinic and nobody listened to a word I said about it. " * 40


def write_codings(project: Project, rows: int) -> float:
    """Seconds to write `rows` codings (with their events and undo steps) in one transaction."""
    width = len(TEXT) - 50  # every span different: (start, end) pairs
    starts = [i % width for i in range(rows)]
    ends = [start + 1 + i // width for i, start in enumerate(starts)]
    began = time.perf_counter()
    with project.store.write(project.actor, project.context) as writer:
        writer.insert_columns(codings, {
            "document_id": Same(1), "code_id": Same(1), "start": starts, "end": ends,
            "member_id": Same(writer.member_id), "created_at": Same(now())}, rows, "coding.apply")
    return time.perf_counter() - began


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True, help="An empty PostgreSQL database, as its owner.")
    parser.add_argument("--rows", type=int, default=20_000)
    args = parser.parse_args()
    rows = args.rows
    with Project.create(args.url, member="Alex Morgan") as lead:
        lead.import_bytes(TEXT.encode(), "visit.txt")
        for index in range(3):
            lead.add_code(f"Code {index}")
        lead.set_access("Rui Tan", "member", role="researcher")
        lead.set_access("Chris Lee", "member", role="facilitator")
        lead.set_access("Val Okafor", "member", role="lived-experience partner")
        rui = lead.grant_database_login("Rui Tan", "rui_bench", "a member passphrase")
        chris = lead.grant_database_login("Chris Lee", "chris_bench", "a facilitator passphrase")
        owner_seconds = write_codings(lead, rows)
    with Project.open(rui, member="Rui Tan") as member:
        member_seconds = write_codings(member, rows)
    with Project.open(chris, member="Chris Lee") as facilitator:
        entering = facilitator.acting_as("Val Okafor", None, entered_by="Chris Lee")
        facilitator_seconds = write_codings(entering, rows)
    results = {"rows": rows, "owner_s": round(owner_seconds, 3), "member_login_s": round(member_seconds, 3),
               "facilitator_for_partner_s": round(facilitator_seconds, 3),
               "member_ratio": round(member_seconds / owner_seconds, 2),
               "facilitator_ratio": round(facilitator_seconds / owner_seconds, 2)}
    print(f"{rows} codings at once, with their events and undo steps:")
    print(f"  the owner's connection (no row checks):      {owner_seconds:.2f} s")
    print(f"  a member's own login (checked at commit):    {member_seconds:.2f} s "
          f"({results['member_ratio']}x)")
    print(f"  a facilitator's login, for a partner:        {facilitator_seconds:.2f} s "
          f"({results['facilitator_ratio']}x)")
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
