"""Building projects whose codings reproduce published agreement examples."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd

from workbench import Project

UNITS_DOCUMENT = "units"


def published(case_dir: Path) -> dict:
    return json.loads((case_dir / "expected.json").read_text())["published"]


def decimals_of(value: float) -> int:
    text = repr(float(value))
    return len(text.split(".")[1]) if "." in text and "e" not in text else 10


def assert_published(computed: float, value: float, decimals: int | None = None, **_notes) -> None:
    """The computed value, rounded to the published number of decimals, is the published value."""
    places = decimals if decimals is not None else decimals_of(value)
    assert not math.isnan(computed), f"computed NaN, published {value}"
    assert round(computed, places) == round(value, places), f"computed {computed}, published {value} ({places} dp)"


def read_ratings(path: Path) -> pd.DataFrame:
    """A validation ratings.csv: one row per unit, one column per coder, empty = missing."""
    return pd.read_csv(path, index_col=0, dtype=str, keep_default_na=False).replace("", pd.NA)


def table_to_ratings(table: pd.DataFrame, first: str = "rater 1", second: str = "rater 2") -> pd.DataFrame:
    """A two-rater contingency table (counts) as one row of two ratings per unit."""
    rows = []
    for row_label, counts in table.iterrows():
        for column_label, count in counts.items():
            rows += [{first: str(row_label), second: str(column_label)}] * int(count)
    return pd.DataFrame(rows)


def unit_project(path: Path, units: int) -> Project:
    """A project holding one survey-like document with one segment (answer) per unit."""
    sheet = path.parent / f"{UNITS_DOCUMENT}.csv"
    sheet.write_text("id,answer\n" + "".join(f"{i},Unit {i} of the example\n" for i in range(1, units + 1)))
    project = Project.create(path, member="Lead Analyst", role="researcher")
    project.import_file(sheet, kind="survey", text_column="answer", id_column="id")
    sheet.unlink()
    return project


def build_rated_project(path: Path, ratings: pd.DataFrame, group: str = "Rating", level: str = "nominal",
                        order: list[str] | None = None) -> Project:
    """Each coder gives each unit (segment) the sub-code of `group` named by their rating."""
    project = unit_project(path, len(ratings))
    values = order or sorted({v for v in ratings.stack().dropna()}, key=_natural)
    project.add_code(group)
    for value in values:
        project.add_code(value, parent=group)
    project.mark_exclusive(group, level, values=None if order is None and all(_is_number(v) for v in values) else values)
    _code(project, ratings, lambda value: value)
    return project


def build_presence_project(path: Path, ratings: pd.DataFrame, code: str, present: str) -> Project:
    """Each coder applies `code` to the units they rated `present`, and nothing to the rest."""
    project = unit_project(path, len(ratings))
    project.add_code(code)
    _code(project, ratings, lambda value: code if value == present else None)
    return project


def _code(project: Project, ratings: pd.DataFrame, code_for) -> None:
    segments = project.segments(UNITS_DOCUMENT).sort_values("position")
    spans = list(zip(segments["start"].astype(int), segments["end"].astype(int)))
    for member in ratings.columns:
        project.as_member(str(member), "researcher")
        for (start, end), value in zip(spans, ratings[member]):
            if not pd.isna(value) and code_for(value) is not None:
                project.apply_code(UNITS_DOCUMENT, code_for(value), start, end)


def _is_number(value: str) -> bool:
    try:
        float(value)
        return True
    except ValueError:
        return False


def _natural(value: str):
    return (0, float(value), "") if _is_number(value) else (1, 0.0, value)
