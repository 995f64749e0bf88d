"""The framework matrix (the charting step of the Framework Method, Gale et al. 2013):
cases (participants or documents) x codes or themes. Each cell holds the summary the
team wrote, who wrote it and when, and the passages it rests on (table
`framework_cells`, written through the Writer: logged and undoable). A cell with no
passage reads "nothing said"; one with passages but no summary yet is empty.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
from sqlalchemy import select

from ..errors import WorkbenchError
from ..store import Writer
from ..store.clock import now
from ..store.schema import codes, documents, members, participants, themes
from ..store.schema_analysis import framework_cells
from .corpus import Corpus
from .intervals import offset_of

NOTHING_SAID = "nothing said"
CASES = {"participants": "participant", "documents": "document"}
TARGETS = {"codes": "code", "themes": "theme"}


def case_type(cases: str) -> str:
    if cases not in CASES:
        raise WorkbenchError("Framework cases are 'participants' or 'documents'.")
    return CASES[cases]


def target_type(targets: str) -> str:
    if targets not in TARGETS:
        raise WorkbenchError("Framework columns are 'codes' or 'themes'.")
    return TARGETS[targets]


def case_names(corpus: Corpus, cases: str) -> pd.DataFrame:
    """id, name of each case: consenting participants (by pseudonym), or documents."""
    if case_type(cases) == "participant":
        people = corpus.participants[corpus.participants["consent"] != "withdrawn"]
        return pd.DataFrame({"id": people["participant_id"].astype(int), "name": people["participant"]})
    return pd.DataFrame({"id": corpus.documents["document_id"].astype(int), "name": corpus.documents["document"]})


def case_of_passages(corpus: Corpus, found: pd.DataFrame, cases: str) -> pd.Series:
    column = "participant_id" if case_type(cases) == "participant" else "document_id"
    return pd.Series(corpus.segments[column].to_numpy()[found["unit"].to_numpy()], index=found.index)


def cells_frame(conn, case: str | None = None, target: str | None = None) -> pd.DataFrame:
    """Every written cell: case and target names, summary, author, role, time, passages."""
    query = (select(framework_cells, members.c.name.label("written_by_name"), members.c.role)
             .join(members, members.c.id == framework_cells.c.written_by).order_by(framework_cells.c.id))
    if case:
        query = query.where(framework_cells.c.case_type == case)
    if target:
        query = query.where(framework_cells.c.target_type == target)
    frame = pd.DataFrame(conn.execute(query).mappings().all())
    columns = ["id", "case_type", "case_id", "case", "target_type", "target_id", "target", "text", "passages",
               "written_by", "role", "written_at"]
    if frame.empty:
        return pd.DataFrame(columns=columns)
    names = {("participant", i): n for i, n in conn.execute(select(participants.c.id, participants.c.pseudonym))}
    names.update({("document", i): n for i, n in conn.execute(select(documents.c.id, documents.c.name))})
    targets = {("code", i): n for i, n in conn.execute(select(codes.c.id, codes.c.name))}
    targets.update({("theme", i): n for i, n in conn.execute(select(themes.c.id, themes.c.name))})
    frame["case"] = [names.get(key) for key in zip(frame["case_type"], frame["case_id"])]
    frame["target"] = [targets.get(key) for key in zip(frame["target_type"], frame["target_id"])]
    frame["passages"] = frame["passages"].map(json.loads)
    frame["written_by"] = frame.pop("written_by_name")
    return frame[columns]


def matrix(corpus: Corpus, found: pd.DataFrame, cells: pd.DataFrame, cases: str, groups: list[str]) -> pd.DataFrame:
    """Cases x targets: the summary, "nothing said" or "" (passages, no summary yet)."""
    people = case_names(corpus, cases)
    case_index = pd.Index(people["id"]).get_indexer(case_of_passages(corpus, found, cases).fillna(-1).astype(int))
    row_index = found["row"].cat.codes.to_numpy()
    said = np.zeros((len(people), len(groups)), dtype=bool)
    known = case_index >= 0
    said[case_index[known], row_index[known]] = True
    table = pd.DataFrame(np.where(said, "", NOTHING_SAID), index=people["id"].tolist(), columns=groups, dtype=object)
    written = cells[cells["text"].astype(str).str.strip() != ""]
    if len(written):
        summaries = (written.pivot_table(index="case_id", columns="target", values="text", aggfunc="last")
                     .reindex(index=table.index, columns=groups))
        table = summaries.where(summaries.notna(), table).astype(object)
    table.index = people["name"].tolist()
    table.index.name = "case"
    return table


def passage_spans(corpus: Corpus, found: pd.DataFrame, cases: str, case_id: int, row: str) -> list[list[int]]:
    chosen = found[(case_of_passages(corpus, found, cases) == case_id).to_numpy() & (found["row"] == row).to_numpy()]
    documents_of = corpus.segments["document_id"].to_numpy()[chosen["unit"].to_numpy()]
    return [[int(d), int(s), int(e)] for d, s, e in zip(documents_of, offset_of(chosen["g_start"].to_numpy()),
                                                         offset_of(chosen["g_end"].to_numpy()))]


def write_cell(writer: Writer, case: str, case_id: int, target: str, target_id: int, text: str,
               passages: list[list[int]]) -> int:
    """Write (or rewrite) one cell's summary; logged, and undoable by its writer."""
    if not isinstance(text, str):
        raise WorkbenchError("A framework cell's summary is text.")
    found = writer.conn.execute(select(framework_cells.c.id).where(
        framework_cells.c.case_type == case, framework_cells.c.case_id == case_id,
        framework_cells.c.target_type == target, framework_cells.c.target_id == target_id)).scalar()
    values = {"text": text.strip(), "passages": json.dumps(passages), "written_by": writer.member_id,
              "written_at": now()}
    if found is not None:
        writer.update(framework_cells, found, values, "framework.write")
        return found
    return writer.insert(framework_cells, {"case_type": case, "case_id": case_id, "target_type": target,
                                           "target_id": target_id, **values}, "framework.write")


def sheets(table: pd.DataFrame, theme_of: dict[str, list[str]]) -> dict[str, pd.DataFrame]:
    """NVivo's framework layout: one sheet per theme, cases as rows, its codes (or the
    theme's own summary) as columns."""
    out = {}
    for theme, columns in theme_of.items():
        present = [c for c in columns if c in table.columns]
        if present:
            out[theme] = table[present].reset_index().rename(columns={"case": "Case"})
    return out


def theme_layout(table: pd.DataFrame, targets: str, code_themes: dict[str, list[str]]) -> dict[str, list[str]]:
    if targets == "themes":
        return {name: [name] for name in table.columns}
    layout = {theme: codes_ for theme, codes_ in code_themes.items()}
    placed = {c for codes_ in layout.values() for c in codes_}
    rest = [c for c in table.columns if c not in placed]
    if rest:
        layout["Other codes"] = rest
    return layout

