"""Matrices: codes (or themes) x any attribute, code x code, code x document.

A passage is a run of words coded with a code (by anyone in the layer) inside one
turn: the rows `retrieve` gives for that code, so every cell's count is the number
of rows its drill-down shows. A code's row includes its sub-codes, as a query does
(a passage coded with both a code and its sub-code counts once). Counts of participants and documents are distinct
people and documents with such a passage; a share divides the participants (or, for a
document attribute, the documents) with the code by all those in the group.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import WorkbenchError
from .corpus import Corpus
from .intervals import Spans

MEASURES = ("passages", "participants", "documents", "share")
HOW = ("same segment", "overlapping")


def row_groups(corpus: Corpus, rows: str, names: list[str] | None, themes: dict[str, list[int]]) -> dict[str, list[int]]:
    """{row label: code ids}: each code, or each theme (its codes together)."""
    if rows == "themes":
        chosen = themes if names is None else {name: themes[name] for name in names if name in themes}
        if names is not None and len(chosen) != len(names):
            missing = next(name for name in names if name not in themes)
            raise WorkbenchError(f"There is no theme '{missing}'; see project.themes().")
        return chosen
    if rows != "codes":
        raise WorkbenchError("Matrix rows are 'codes' or 'themes'.")
    if names is None:
        kept = corpus.codes[~corpus.codes["archived"].astype(bool)]
        return {name: sorted(corpus.with_subcodes([i])) for name, i in zip(kept["name"], kept["id"])}
    return {str(corpus.codes.set_index("id").loc[corpus.code_id(name), "name"]): sorted(corpus.with_subcodes(
        [corpus.code_id(name)])) for name in names}


def passages(corpus: Corpus, groups: dict[str, list[int]], member_ids, mask: np.ndarray | None = None) -> pd.DataFrame:
    """One row per passage: row label, segment index (into corpus.segments), start, end."""
    segments = corpus.segments if mask is None else corpus.segments[mask]
    all_ids = sorted({i for ids in groups.values() for i in ids})
    codings = corpus.codings(all_ids, member_ids)
    code, g_start, g_end = (codings[c].to_numpy() for c in ("code_id", "g_start", "g_end"))
    in_order = (code[1:] > code[:-1]) | ((code[1:] == code[:-1]) & (g_start[1:] >= g_start[:-1]))
    if not in_order.all():  # a corpus kept by Corpus.of has them in order already
        order = np.lexsort((g_start, code))
        code, g_start, g_end = code[order], g_start[order], g_end[order]
    starts_of, ends_of = segments["g_start"].to_numpy(), segments["g_end"].to_numpy()
    unit_index = segments.index.to_numpy()
    rows, units, starts, ends = [], [], [], []
    for number, ids in enumerate(groups.values()):  # one vectorised pass per row, never per coding
        slices = [slice(np.searchsorted(code, i, "left"), np.searchsorted(code, i, "right")) for i in ids]
        chosen_starts = np.concatenate([g_start[part] for part in slices])
        chosen_ends = np.concatenate([g_end[part] for part in slices])
        if not len(chosen_starts):
            continue
        run_starts, run_ends, unit = Spans.of(chosen_starts, chosen_ends).cut(starts_of, ends_of)
        rows.append(np.full(len(unit), number, dtype=np.int64))
        units.append(unit_index[unit])
        starts.append(run_starts)
        ends.append(run_ends)
    empty = np.empty(0, np.int64)
    row_codes = np.concatenate(rows) if rows else empty
    return pd.DataFrame({"row": pd.Categorical.from_codes(row_codes, categories=list(groups)),
                         "unit": np.concatenate(units) if units else empty,
                         "g_start": np.concatenate(starts) if starts else empty,
                         "g_end": np.concatenate(ends) if ends else empty})


def by_attribute(corpus: Corpus, found: pd.DataFrame, by: str, groups: list[str]) -> pd.DataFrame:
    """Long table: row, value, passages, participants, documents, group_size, share."""
    column = corpus.column_for(by)
    value_codes, values = corpus.factorized(column)
    units = found["unit"].to_numpy()
    value = value_codes[units]
    keep = value >= 0
    row, value, units = found["row"].cat.codes.to_numpy()[keep], value[keep], units[keep]
    width = max(len(values), 1)
    cells = len(groups) * width
    cell = row.astype(np.int64) * width + value
    passages = np.bincount(cell, minlength=cells)

    def distinct(of: np.ndarray) -> np.ndarray:  # how many different `of` in each cell
        known = of >= 0
        pairs = np.unique(cell[known] * (of.max(initial=0) + 1) + of[known])
        return np.bincount(pairs // (of.max(initial=0) + 1), minlength=cells)

    people = distinct(corpus.factorized("participant_id")[0][units])
    documents = distinct(corpus.factorized("document_id")[0][units])
    long = pd.DataFrame({"row": np.repeat(groups, width), "value": np.tile(values if len(values) else [""], len(groups)),
                         "passages": passages, "participants": people, "documents": documents})
    long = long[long["value"] != ""] if not len(values) else long
    sizes = _group_sizes(corpus, column)
    extra = sorted(set(sizes.index) - set(values))  # groups with nobody coded
    if extra:
        long = pd.concat([long, pd.DataFrame({"row": np.repeat(groups, len(extra)), "value": np.tile(extra, len(groups)),
                                              "passages": 0, "participants": 0, "documents": 0})])
    long = long.sort_values(["row", "value"], key=lambda c: c.map({g: i for i, g in enumerate(groups)})
                            if c.name == "row" else c, kind="stable").reset_index(drop=True)
    long["group_size"] = long["value"].map(sizes).fillna(0).astype(int)
    numerator = long["documents"] if column.startswith("d:") or column in ("document", "kind") else long["participants"]
    long["share"] = np.where(long["group_size"] > 0, numerator / long["group_size"].where(long["group_size"] > 0, 1),
                             0.0)
    return long[["row", "value", "passages", "participants", "documents", "group_size", "share"]]


def _group_sizes(corpus: Corpus, column: str) -> pd.Series:
    """How many participants (or documents, for a document attribute) have each value."""
    if column.startswith("p:") or column == "participant":
        people = corpus.participants[corpus.participants["consent"] != "withdrawn"]
        source = people["participant"] if column == "participant" else people.get(column)
    else:
        source = corpus.documents["document"] if column == "document" else corpus.documents.get(column)
    if source is None:
        return pd.Series(dtype=int)
    return source.dropna().astype(str).value_counts()


def pivot(long: pd.DataFrame, measure: str, groups: list[str]) -> pd.DataFrame:
    if measure not in MEASURES:
        raise WorkbenchError(f"A matrix counts {', '.join(MEASURES)}; not '{measure}'.")
    matrix = long.pivot(index="row", columns="value", values=measure).reindex(groups)
    matrix.index.name, matrix.columns.name = "code", None
    return matrix


def co_occurrence(corpus: Corpus, found: pd.DataFrame, groups: list[str], how: str) -> pd.DataFrame:
    """Code x code: turns holding both ("same segment"), or ("overlapping") how many of
    the row code's passages overlap or meet one of the column code's; the diagonal is
    each code's own count of the same kind."""
    if how not in HOW:
        raise WorkbenchError(f"Codes go together in the 'same segment' or 'overlapping', not '{how}'.")
    if how == "same segment":
        pairs = found[["row", "unit"]].drop_duplicates()
        joined = pairs.merge(pairs, on="unit")
        counts = joined.groupby(["row_x", "row_y"], observed=True)["unit"].nunique()
    else:
        joined = found.merge(found, on="unit")
        touching = (joined["g_start_x"] <= joined["g_end_y"]) & (joined["g_start_y"] <= joined["g_end_x"])
        # (A, B): how many of A's passages overlap or meet one of B's
        counts = joined[touching].drop_duplicates(["row_x", "row_y", "g_start_x"]).groupby(["row_x", "row_y"], observed=True).size()
    matrix = counts.unstack(fill_value=0).reindex(index=groups, columns=groups, fill_value=0).fillna(0).astype(int)
    matrix.index.name, matrix.columns.name = "code", None
    return matrix


def by_document(corpus: Corpus, found: pd.DataFrame, groups: list[str]) -> pd.DataFrame:
    names = corpus.segments["document"].to_numpy()[found["unit"].to_numpy()]
    counts = found.assign(document=names).groupby(["row", "document"], observed=True).size()
    documents = list(corpus.documents.sort_values("document_id")["document"])
    matrix = counts.unstack(fill_value=0).reindex(index=groups, columns=documents, fill_value=0).fillna(0).astype(int)
    matrix.index.name, matrix.columns.name = "code", None
    return matrix
