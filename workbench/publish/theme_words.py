"""The themes of a snapshot in plain words, shared by the findings dashboard and the Word
report: where the themes came from, and a few sentences about each theme. Returns plain
text; callers escape it for HTML."""

from __future__ import annotations

import pandas as pd

from .published_themes import FROM_PARENT_CODES, NO_THEME

STATUS_WORDS = {"candidate": "a candidate theme: the team has not reviewed it yet",
                "reviewed": "reviewed by the team", "final": "final: the team has agreed it"}


def themes_from(tables: dict[str, pd.DataFrame]) -> str:
    about = dict(zip(tables["about"]["key"], tables["about"]["value"]))
    return about.get("themes_from", FROM_PARENT_CODES)


def where_themes_come_from(tables: dict[str, pd.DataFrame]) -> str:
    """One sentence saying what a "theme" is on this page."""
    if themes_from(tables) == FROM_PARENT_CODES:
        return ("The team has not built themes yet, so each code is shown under the broader code it belongs to, "
                "as a stand-in for a theme.")
    codes = tables["codes"]
    loose = " Codes not in any theme yet are listed under “" + NO_THEME + "”." if (codes["theme"] == NO_THEME).any() else ""
    return ("These are the themes the team built from its codes. A code can belong to more than one theme, so a "
            "passage counts once in each theme it speaks to." + loose)


def theme_facts(theme: pd.Series) -> list[str]:
    """Sentences about one row of the snapshot's `themes` table."""
    facts = [f"Status: {STATUS_WORDS.get(theme['status'], theme['status'])}."]
    if theme["parent"]:
        facts.append(f"Part of the theme “{theme['parent']}”.")
    if theme["sub_themes"]:
        facts.append("Sub-themes: " + ", ".join(f"“{name}”" for name in theme["sub_themes"].split("\n")) + ".")
    facts.append(f"Came up in {int(theme['passages'])} passage(s).")
    origin = str(theme["origin"])
    facts.append("It came from a topic the topic model suggested, which people then took up ("
                 + origin.removeprefix("topic: ") + ")." if origin.startswith("topic") else
                 "It came from the team's codes.")
    if theme["proposed_by"]:
        facts.append(f"Proposed by a {theme['proposed_by']}.")
    if theme["shaped_by"]:
        facts.append("Changes made to it, by role: " + _listed(theme["shaped_by"]) + ".")
    if int(theme["dots"]):
        facts.append(f"Dots in voting: {int(theme['dots'])} ({_listed(theme['dots_by_role'])}).")
    responses = int(theme["fits"]) + int(theme["does_not_fit"]) + int(theme["missing_something"])
    if responses:
        facts.append(f"Partners' review: {int(theme['fits'])} said it fits, {int(theme['does_not_fit'])} said it "
                     f"does not fit, {int(theme['missing_something'])} said something is missing.")
    if theme["last_review"]:
        facts.append(f"Last review: {theme['last_review']}")
    return facts


def _listed(lines: str) -> str:
    return ", ".join(line for line in str(lines).split("\n") if line)
