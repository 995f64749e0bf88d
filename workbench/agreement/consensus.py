"""Where members differ, and settling it: the agreed version is stored as the
codings of a consensus member (role "consensus"), with who agreed it in the event
log and the discussion as a memo."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sqlalchemy import select

from ..coding.codings import apply_code, remove_coding
from ..coding.memos import add_memo
from ..errors import WorkbenchError
from ..store import Writer
from ..store.schema import codings, members
from .groups import ExclusiveGroup
from .units import UnitTables

CONSENSUS = "Consensus"


def disagreements(tables: UnitTables, code: str, group: ExclusiveGroup | None = None) -> pd.DataFrame:
    """Each segment where members who coded its document differ about `code` (or give
    different values of the exclusive group `code`), with each member's codings side by
    side: a list of (start, end) spans, or the value's name; None = did not code there."""
    table = (tables.values(group) if group else tables.presence(code)).to_numpy(float)
    rated = (~np.isnan(table)).sum(axis=1)
    differ = (rated >= 2) & (np.nanmax(np.where(np.isnan(table), -np.inf, table), axis=1)
                             != np.nanmin(np.where(np.isnan(table), np.inf, table), axis=1))
    units = np.flatnonzero(differ)
    frame = tables.units.iloc[units][["document", "segment_id", "position", "start", "end"]].reset_index(drop=True)
    frame.insert(3, "code", code)
    names = list(group.values) if group else [code]
    hits = tables._pairs[tables._pairs["unit"].isin(units) & tables._pairs["code"].isin(names)]
    spans = hits.merge(tables.codings[["id", "start", "end"]], left_on="coding_id", right_on="id")
    by_unit = {} if group else _spans_by_unit(spans)
    for index, member in enumerate(tables.members):
        column = []
        for unit, value in zip(units.tolist(), table[units, index]):
            if np.isnan(value):
                column.append(None)
            elif group:
                column.append(group.label(value))
            else:
                column.append(by_unit.get((unit, index), []))
        frame[member] = column
    return frame


def _spans_by_unit(spans: pd.DataFrame) -> dict[tuple[int, int], list[tuple[int, int]]]:
    """(unit, member index) -> that member's (start, end) spans in the unit, in order:
    one pass over the spans sorted once, not a filter of all of them per unit (a code
    with thousands of disagreements took half a minute that way; issue 16)."""
    ordered = spans.sort_values(["unit", "member_index", "start", "end"])
    found: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for unit, index, start, end in zip(ordered["unit"].astype(int).tolist(), ordered["member_index"].astype(int).tolist(),
                                       ordered["start"].astype(int).tolist(), ordered["end"].astype(int).tolist()):
        found.setdefault((unit, index), []).append((start, end))
    return found


def spans_in_unit(codings_frame: pd.DataFrame, codes: list[str], start: int, end: int,
                  member: str | None = None) -> pd.DataFrame:
    """Codings of `codes` in one document that touch [start, end), optionally by one member."""
    found = codings_frame[codings_frame["code"].isin(codes) & (codings_frame["start"] < end)
                          & (codings_frame["end"] > start)]
    return found if member is None else found[found["member"] == member]


def _people(writer: Writer, names: list[str]) -> list[str]:
    """The members who agreed, as the project writes their names (matched without regard
    to case and spacing); only people agree, never the topic model or a consensus layer."""
    from ..store.member_names import find_member

    found = []
    for name in names:  # a handful of names: one small lookup each
        member = find_member(writer.conn, name)
        if member is None:
            raise WorkbenchError(f"'{name}' is not a member of this project; check the spelling of agreed_by.")
        if member.role in ("machine", "consensus"):
            raise WorkbenchError(f"'{member.name}' is not a person ({member.role}); agreed_by lists the people who agreed.")
        found.append(member.name)
    return list(dict.fromkeys(found))


def settle(writer: Writer, *, document_id: int, start: int, end: int, code_ids: list[int],
           agreed: list[tuple[int, int, int]], agreed_by: list[str], how: str, discussion: str | None,
           memo_target: tuple[str, int], consensus: str = CONSENSUS) -> list[int]:
    """Replace the consensus codings of `code_ids` touching [start, end) of a document
    with `agreed` (code id, start, end), in one logged transaction."""
    agreed_by = [name.strip() for name in agreed_by if name and name.strip()]
    if not agreed_by:
        raise WorkbenchError("Say who agreed this version, e.g. agreed_by=['Alex Morgan', 'Jo Patel'].")
    agreed_by = _people(writer, agreed_by)
    role = writer.conn.execute(select(members.c.role).where(members.c.name == consensus)).scalar()
    if role is not None and role != "consensus":
        raise WorkbenchError(f"'{consensus}' is a member with the role {role}; name the consensus layer differently.")
    consensus_id = writer.member(consensus, "consensus")
    replaced = list(writer.conn.execute(select(codings.c.id).where(
        codings.c.document_id == document_id, codings.c.member_id == consensus_id, codings.c.code_id.in_(code_ids),
        codings.c.start < end, codings.c.end > start)).scalars())
    for coding_id in replaced:
        remove_coding(writer, coding_id)
    created = [apply_code(writer, document_id, code_id, s, e, member_id=consensus_id) for code_id, s, e in agreed]
    memo_id = add_memo(writer, discussion, *memo_target) if discussion and discussion.strip() else None
    writer.log("consensus.settle", "codings", created[0] if created else None, {
        "document_id": document_id, "start": start, "end": end, "code_ids": code_ids, "how": how,
        "agreed_by": agreed_by, "consensus": consensus, "codings": created, "replaced": replaced, "memo_id": memo_id,
    })
    return created


def settlements_frame(events: pd.DataFrame, documents: pd.DataFrame, codes: pd.DataFrame) -> pd.DataFrame:
    """Every settlement: when, recorded by whom, which document, span and codes, how it
    was settled, who agreed it, and the discussion memo's id."""
    columns = ["at", "recorded_by", "role", "document", "start", "end", "codes", "how", "agreed_by", "consensus",
               "codings", "memo_id"]
    settled = events[events["action"] == "consensus.settle"]
    names = documents.set_index("id")["name"]
    code_names = codes.set_index("id")["name"]
    rows = [{"at": event["at"], "recorded_by": event["actor"], "role": event["role"],
             "document": names.get(event["details"]["document_id"]), "start": event["details"]["start"],
             "end": event["details"]["end"], "codes": [code_names.get(c) for c in event["details"]["code_ids"]],
             "how": event["details"]["how"], "agreed_by": event["details"]["agreed_by"],
             "consensus": event["details"]["consensus"], "codings": event["details"]["codings"],
             "memo_id": event["details"]["memo_id"]} for event in settled.to_dict("records")]
    return pd.DataFrame(rows, columns=columns)
