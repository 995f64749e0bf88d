"""The agreement report: per code (or exclusive group) and per pair of members, with
a plain-language reading partners can follow."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .compress import distinct_rows
from .groups import ExclusiveGroup
from .statistics import (PAIR_STATISTICS, fleiss_kappa, krippendorff_agreement_terms, krippendorff_alpha, pairwise,
                         percent_agreement)
from .units import UnitTables

CODE_COLUMNS = ["code", "kind", "level", "members", "units", "units_left_out", "units_compared",
                "percent_agreement", "krippendorff_alpha", "krippendorff_alpha_se", "fleiss_kappa", "fleiss_kappa_se",
                "cohen_kappa_mean", "reading"]
PAIR_COLUMNS = ["code"] + PAIR_STATISTICS


def reading(value: float) -> str:
    """Krippendorff's (2004) thresholds, in words."""
    if value is None or math.isnan(value):
        return "not enough shared coding to say"
    if value >= 0.8:
        return "members agree closely"
    if value >= 0.667:
        return "members mostly agree"
    if value >= 0.2:
        return "members often differ"
    return "members differ about as often as chance would"


@dataclass
class AgreementReport:
    unit: str
    members: list[str]
    documents: list[str]
    codes: pd.DataFrame  # one row per code or exclusive group
    pairs: pd.DataFrame  # one row per code and pair of members
    tables: dict[str, pd.DataFrame] = field(repr=False, default_factory=dict)
    notes: list[str] = field(default_factory=list)  # in plain words: what was left out, and why

    def to_dict(self) -> dict:
        def clean(frame: pd.DataFrame) -> list[dict]:
            return [{key: (None if isinstance(value, float) and math.isnan(value) else value)
                     for key, value in row.items()} for row in frame.to_dict("records")]

        return {"unit": self.unit, "members": self.members, "documents": self.documents,
                "codes": clean(self.codes), "pairs": clean(self.pairs), "notes": self.notes}


def _row(code: str, kind: str, level: str, table: pd.DataFrame | tuple, left_out: int, domain=None,
         independent: bool = True, members: list[str] | None = None) -> tuple[dict, pd.DataFrame]:
    """`table`: the unit x member table, or already its (distinct rows, multiplicities)."""
    # A table has few distinct rows (each member: a value or missing), so each is counted
    # once with its multiplicity: every statistic and standard error is a weighted sum
    # over units, exactly as over the full table, at a fraction of the cost.
    if isinstance(table, tuple):
        values, weights = table
        columns = members
    else:
        values, weights = distinct_rows(table.to_numpy(float))
        columns = list(table.columns)
    units = int(weights.sum())
    counted = weights
    pairs = pairwise(pd.DataFrame(values, columns=columns), level != "nominal", weights)
    pairs = pairs.assign(code=code)[PAIR_COLUMNS]
    alpha = krippendorff_alpha(values, level, domain, weights)
    fleiss = fleiss_kappa(values, weights)
    # Standard errors treat units as independent: true of segments, not of characters.
    alpha_se = krippendorff_agreement_terms(values, level, domain, weights)["se"] if independent else float("nan")
    return {
        "code": code, "kind": kind, "level": level, "members": len(columns), "units": units,
        "units_left_out": left_out, "units_compared": int(counted[(~np.isnan(values)).sum(axis=1) >= 2].sum()),
        "percent_agreement": percent_agreement(values, weights), "krippendorff_alpha": alpha,
        "krippendorff_alpha_se": alpha_se, "fleiss_kappa": fleiss["kappa"],
        "fleiss_kappa_se": fleiss["se"] if independent else float("nan"),
        "cohen_kappa_mean": float(pairs["cohen_kappa"].mean()) if pairs["cohen_kappa"].notna().any() else float("nan"),
        "reading": reading(alpha),
    }, pairs


def build_report(tables: UnitTables, codes: list[str], groups: dict[str, ExclusiveGroup],
                 documents: list[str], skip_uncoded: bool = False, keep_tables: bool = False) -> AgreementReport:
    """Every statistic for each code (presence) and each exclusive group (values)."""
    keep = ~tables.uncoded() if skip_uncoded else np.ones(tables.size, dtype=bool)
    left_out = int((~keep).sum())
    independent = tables.unit == "segment"
    rows, pair_frames, kept = [], [], {}
    for code in codes:
        if code in groups:
            group = groups[code]
            table = tables.values(group)[keep].reset_index(drop=True)
            row, pairs = _row(code, "exclusive group", group.level, table, left_out, list(group.values.values()),
                              independent)
        else:
            compact = None if keep_tables else tables.presence_rows(code, keep)
            table = tables.presence(code)[keep].reset_index(drop=True) if compact is None else compact
            row, pairs = _row(code, "presence", "nominal", table, left_out, [0.0, 1.0], independent, tables.members)
        rows.append(row)
        pair_frames.append(pairs)
        if keep_tables:
            kept[code] = table
    pairs = pd.concat(pair_frames, ignore_index=True) if pair_frames else pd.DataFrame(columns=PAIR_COLUMNS)
    noun = "segments" if tables.unit == "segment" else "characters"
    notes = [f"Left out {left_out} {noun} nobody coded: counted, they would read as agreement and make it look "
             "higher than it is (skip_uncoded=False, or --count-uncoded, counts them)."] if left_out else []
    return AgreementReport(tables.unit, tables.members, documents, pd.DataFrame(rows, columns=CODE_COLUMNS),
                           pairs, kept, notes)


def format_report(report: AgreementReport) -> str:
    """The report as plain text, as `workbench agreement` prints it."""
    noun = "segments" if report.unit == "segment" else "characters"
    lines = [f"Agreement of {len(report.members)} members ({', '.join(report.members)}) "
             f"on {len(report.documents)} document(s), counting {noun}."]
    lines += report.notes
    if not len(report.codes):
        lines.append("Nobody chosen has coded these documents yet.")
        return "\n".join(lines)
    codes = report.codes[["code", "units_compared", "percent_agreement", "krippendorff_alpha", "krippendorff_alpha_se",
                          "fleiss_kappa", "reading"]].rename(columns={
        "units_compared": "units", "percent_agreement": "agreement", "krippendorff_alpha": "alpha",
        "krippendorff_alpha_se": "alpha se", "fleiss_kappa": "fleiss"})
    lines += ["", codes.to_string(index=False, float_format=lambda v: f"{v:.3f}", na_rep="-")]
    pairs = report.pairs[["code", "member_a", "member_b", "units", "percent_agreement", "cohen_kappa",
                          "cohen_kappa_linear", "cohen_kappa_quadratic"]]
    pairs = pairs.rename(columns={"percent_agreement": "agreement", "cohen_kappa": "kappa",
                                  "cohen_kappa_linear": "linear", "cohen_kappa_quadratic": "quadratic"})
    if pairs[["linear", "quadratic"]].isna().all().all():
        pairs = pairs.drop(columns=["linear", "quadratic"])
    lines += ["", "Each pair of members (Cohen's kappa):",
              pairs.to_string(index=False, float_format=lambda v: f"{v:.3f}", na_rep="-")]
    return "\n".join(lines)
