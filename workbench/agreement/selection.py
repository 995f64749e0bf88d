"""Reading a project for agreement: which members, documents and codes, checked
against what the project holds, and their unit tables."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import select

from ..errors import WorkbenchError
from ..store import Store, queries
from ..store.schema import codes, codings, members
from ..store.schema import segments as seg
from .groups import read_groups
from .report import AgreementReport, build_report
from .units import UnitTables


def _codings(store: Store) -> pd.DataFrame:
    """Who applied which code where (without the coded text, which agreement does not need)."""
    frame = store.integer_frame(select(codings.c.id, codings.c.document_id, codings.c.code_id, codings.c.start,
                                       codings.c.end, codings.c.member_id),
                                order_by=["document_id", "start", "id"])
    code_names = store.dataframe(select(codes.c.id, codes.c.name)).set_index("id")["name"]
    people = store.dataframe(select(members.c.id, members.c.name, members.c.role)).set_index("id")
    return frame.assign(code=frame["code_id"].map(code_names), member=frame["member_id"].map(people["name"]),
                        role=frame["member_id"].map(people["role"]))


def _names(value) -> list[str] | None:
    if value is None:
        return None
    items = value.split(",") if isinstance(value, str) else list(value)
    return list(dict.fromkeys(str(item).strip() for item in items if str(item).strip()))


def _require(chosen: list[str], known: list[str], noun: str) -> None:
    for name in chosen:
        if name not in known:
            listed = ", ".join(known[:20]) + ("..." if len(known) > 20 else "") if known else "none yet"
            raise WorkbenchError(f"There is no {noun} '{name}' in this project; its {noun}s are: {listed}.")


class Selection:
    """The documents, members and codings an agreement question is about."""

    def __init__(self, store: Store, members=None, documents=None, unit: str = "segment"):
        all_documents = queries.documents_frame(store)
        chosen_documents = _names(documents)
        if all_documents.empty:
            raise WorkbenchError("This project has no documents yet; import some and code them first.")
        if chosen_documents is not None:
            _require(chosen_documents, all_documents["name"].tolist(), "document")
            all_documents = all_documents[all_documents["name"].isin(chosen_documents)]
        self.documents = all_documents
        codings = _codings(store)
        self.all_codings = codings[codings["document_id"].isin(all_documents["id"])]
        chosen_members = _names(members)
        if chosen_members is not None:
            _require(chosen_members, queries.members_frame(store)["name"].tolist(), "member")
        else:  # everyone who coded these documents, except consensus layers
            coded = self.all_codings[self.all_codings["role"] != "consensus"]
            chosen_members = list(dict.fromkeys(coded["member"]))
        self.members = chosen_members
        with store.read() as conn:
            self.groups = read_groups(conn)
        segments = store.integer_frame(select(seg.c.id, seg.c.document_id, seg.c.position, seg.c.start, seg.c.end))
        segments["document"] = segments["document_id"].map(all_documents.set_index("id")["name"])
        self.segments = segments[segments["document_id"].isin(all_documents["id"])]
        self.tables = UnitTables(all_documents, self.segments, self.all_codings, self.members, unit)

    def codes(self, codes=None) -> list[str]:
        """The codes to report: those asked for, else every code these members used
        (an exclusive group's sub-codes are reported together as the group)."""
        in_group = {child: name for name, group in self.groups.items() for child in group.values}
        chosen = _names(codes)
        if chosen is not None:
            known = list(dict.fromkeys(self.all_codings["code"])) + list(self.groups)
            for name in chosen:
                if name not in known and name not in in_group:
                    raise WorkbenchError(f"Nobody chosen coded '{name}' in these documents; check the code's name.")
            return chosen
        used = self.all_codings[self.all_codings["member"].isin(self.members)]["code"]
        return list(dict.fromkeys(in_group.get(code, code) for code in used.drop_duplicates()))

    def report(self, codes=None, skip_uncoded: bool = True, keep_tables: bool = False) -> AgreementReport:
        return build_report(self.tables, self.codes(codes), self.groups, self.documents["name"].tolist(),
                            skip_uncoded, keep_tables)

    def unit_table(self, code: str) -> pd.DataFrame:
        table = self.tables.values(self.groups[code]) if code in self.groups else self.tables.presence(code)
        return pd.concat([self.tables.unit_frame().reset_index(drop=True), table], axis=1)
