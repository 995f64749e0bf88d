"""Which group of people each passage speaks for: an attribute of people, never the
kind of document it came from (issue 18).

A participant's group is one of their attributes (`group_by`, e.g. "role"). A survey
answer carries its respondent's attributes: the one with the same name, or else the
one whose values are most often the participants' own groups (a survey column
"respondent" holding "carer" counts its carers as carers). Anything else, a sticky
note or the team's notes, has no group recorded: it counts in totals, never as a
group of people. Nothing here knows any study's names.
"""

from __future__ import annotations

import pandas as pd

# Tried in order when no attribute is named; otherwise the attribute with fewest values.
USUAL_GROUP_ATTRIBUTES = ("group", "role")
NOT_ATTRIBUTES = {"id", "pseudonym", "consent"}


def group_attribute(people: pd.DataFrame, group_by: str | None = None) -> str | None:
    """The participants' attribute that says which group someone is in."""
    candidates = [c for c in people.columns if c not in NOT_ATTRIBUTES and people[c].notna().any()]
    if group_by is not None:
        return group_by if group_by in candidates else None
    for name in USUAL_GROUP_ATTRIBUTES:
        if name in candidates:
            return name
    counts = {c: people[c].dropna().astype(str).nunique() for c in candidates}
    usable = [c for c in candidates if counts[c] >= 2]
    return min(usable, key=lambda c: (counts[c], candidates.index(c))) if usable else None


def answer_attributes(segments: pd.DataFrame) -> pd.DataFrame:
    """Segment attributes (a survey answer's columns) as a table, one row per segment."""
    has = segments["attributes"].map(lambda value: isinstance(value, dict) and bool(value))
    if not has.any():
        return pd.DataFrame(index=segments.index)
    return pd.DataFrame.from_records(segments.loc[has, "attributes"].tolist(), index=segments.index[has])


def answer_group_column(answers: pd.DataFrame, attribute: str | None, people_groups: set[str]) -> str | None:
    """The answers' column that holds people's groups: the same name, or the column
    whose values most often are the participants' groups."""
    if answers.empty:
        return None
    if attribute is not None and attribute in answers.columns:
        return attribute
    if not people_groups:
        return None
    overlap = {column: int(answers[column].astype(str).str.strip().isin(people_groups).sum())
               for column in answers.columns}
    best = max(overlap, key=overlap.get, default=None)
    return best if best is not None and overlap[best] > 0 else None


def passage_groups(segments: pd.DataFrame, people: pd.DataFrame, group_by: str | None = None) -> pd.Series:
    """Each segment's group of people ("" when none is recorded), vectorised."""
    attribute = group_attribute(people, group_by)
    if attribute is not None:
        of_person = people.set_index("pseudonym")[attribute].dropna().astype(str).str.strip()
        of_person = of_person[of_person != ""]
    else:
        of_person = pd.Series(dtype=object)
    groups = segments["participant"].map(of_person)
    answers = answer_attributes(segments)
    column = answer_group_column(answers, attribute, set(of_person))
    if column is not None:
        said = answers[column].where(answers[column].notna(), None).map(lambda v: "" if v is None else str(v).strip())
        groups = groups.fillna(said.reindex(segments.index))
    return groups.fillna("").astype(str)
