"""The framework matrix for partners: added to every published snapshot (issue 13) as
the table `framework`: the summaries written for participants, by pseudonym, with the
code or theme; people who withdrew consent and archived codes are left out, and no
passage offsets or team members' names are published."""

from __future__ import annotations

import pandas as pd

from ..publish.tables import EXTRA_TABLES

COLUMNS = ["case", "group", "code or theme", "summary"]


def framework_for_partners(project) -> dict[str, pd.DataFrame]:
    cells = project.framework_cells(cases="participants")
    people = project.participants()
    kept = set(people.loc[people["consent"] != "withdrawn", "pseudonym"])
    codes = project.codes()
    archived = set(codes.loc[codes["archived"].astype(bool), "name"])
    cells = cells[cells["case"].isin(kept) & ~((cells["target_type"] == "code") & cells["target"].isin(archived))
                  & (cells["text"].astype(str).str.strip() != "")]
    roles = dict(zip(people["pseudonym"], people["role"])) if "role" in people else {}
    table = pd.DataFrame({"case": cells["case"], "group": cells["case"].map(roles).fillna(""),
                          "code or theme": cells["target"], "summary": cells["text"]}, columns=COLUMNS)
    return {"framework": table.sort_values(["case", "code or theme"]).reset_index(drop=True)}


if framework_for_partners not in EXTRA_TABLES:
    EXTRA_TABLES.append(framework_for_partners)
