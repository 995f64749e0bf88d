"""The GRIPP2 short form (Staniszewska et al., BMJ 2017) drafted from what the
project records: who took part in which sessions, what they contributed, and which
ideas changed the study. The team edits each section; the edit is kept."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

REPORT = "gripp2"
PARTNER = "lived-experience partner"
WORKSHOP_KINDS = ("workshop board", "poll", "one-line answers")


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    prompt: str  # the GRIPP2 short-form item


SECTIONS = (
    Section("aim", "1. Aim", "Report the aim of patient and public involvement (PPI) in the study."),
    Section("methods", "2. Methods", "Provide a clear description of the methods by which patients and the public "
            "were involved."),
    Section("results", "3. Results", "Report the results of PPI in the study, including both positive and negative "
            "outcomes."),
    Section("outcomes", "4. Outcomes", "Report the degree to which PPI influenced the study overall. Describe positive "
            "and negative effects."),
    Section("reflection", "5. Critical reflection", "Comment critically on the study, reflecting on the things that "
            "went well and those that did not, so others can learn from this study."),
)
SECTION_KEYS = tuple(section.key for section in SECTIONS)


@dataclass
class Activity:
    """The frames a draft is made from (all from the project's public API)."""

    title: str
    members: pd.DataFrame
    documents: pd.DataFrame
    sessions: pd.DataFrame  # voting sessions
    votes: pd.DataFrame
    ideas: pd.DataFrame
    contribution: pd.DataFrame  # contribution.by_role for the study
    themes: pd.DataFrame


def _plural(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")


def _roles(members: pd.DataFrame) -> str:
    people = members[~members["role"].isin(["machine", "consensus"])]
    counts = people["role"].value_counts()
    return ", ".join(f"{_plural(int(n), role)}" for role, n in counts.items()) or "no members yet"


def draft(activity: Activity) -> dict[str, str]:
    a = activity
    partners = a.members[a.members["role"] == PARTNER]
    workshops = a.documents[a.documents["kind"].isin(WORKSHOP_KINDS)
                            | a.documents["attributes"].map(lambda at: at.get("format") == "image story")]
    mine = a.contribution[a.contribution["role"] == PARTNER].set_index("kind")["count"] if len(a.contribution) else pd.Series(dtype=int)
    total = a.contribution.groupby("kind")["count"].sum() if len(a.contribution) else pd.Series(dtype=int)

    def share(kind: str) -> str:
        ours, all_ = int(mine.get(kind, 0)), int(total.get(kind, 0))
        return f"{ours} of {all_} {kind}s" if all_ else f"no {kind}s yet"

    aim = (f"In “{a.title}”, {_plural(len(partners), 'lived-experience partner')} worked with the research team to "
           "shape the analysis: deciding what the data mean, which themes matter most, and what should change as a "
           "result. [Edit: say why involvement mattered for this study.]")
    sessions = "; ".join(f"{row.name} ({row.mode}, {row.dots_each} dots each, {row.voters} people voted)"
                         for row in a.sessions.itertuples()) or "none recorded"
    coders = int(a.contribution.loc[(a.contribution["role"] == PARTNER) & (a.contribution["kind"] == "coding"),
                                    "people"].sum()) if len(a.contribution) else 0
    coding = (f"{_plural(coders, 'partner')} coded transcripts and workshop outputs alongside researchers"
              if coders else "Partners did not code the data themselves")
    methods = (f"The team was {_roles(a.members)}. {coding}; the workbench credited every change to the person "
               f"and role that made it. Workshop outputs analysed: {len(workshops)} "
               f"({', '.join(workshops['name']) or 'none'}). Prioritisation by dot-voting: {sessions}.")
    results = (f"Partners contributed {share('code')}, {share('coding')}, {share('theme')}, {share('idea')} and "
               f"{share('vote')} (dots placed).")
    if len(a.votes):
        from .voting import results as ranked

        top = ranked(a.votes).head(3)
        results += " The highest priorities were: " + "; ".join(
            f"{row.target} ({_plural(int(row.dots), 'dot')})" for row in top.itertuples()) + "."
    ideas = a.ideas
    by_partners = ideas[ideas["proposer_role"] == PARTNER]
    forward = by_partners[by_partners["status"] == "taken forward"]
    not_forward = by_partners[by_partners["status"] == "not taken forward"]
    outcomes = (f"Partners raised {_plural(len(by_partners), 'idea')}; {len(forward)} taken forward and "
                f"{len(not_forward)} not taken forward, each with a reason shared with partners.")
    if len(forward):
        outcomes += " Changes made because of partners: " + "; ".join(
            f"“{row.text}” → {row.response or 'taken forward'}" for row in forward.itertuples()) + "."
    waiting = ideas[ideas["status"].isin(["new", "being considered"])]
    reflection = (f"{_plural(len(waiting), 'idea')} still await a decision. [Edit: what went well, what did not, "
                  "and what the team would do differently, in partners' words where possible.]")
    return {"aim": aim, "methods": methods, "results": results, "outcomes": outcomes, "reflection": reflection}


def sections_frame(drafted: dict[str, str], saved: dict[str, str]) -> pd.DataFrame:
    """The report as a table: a saved edit wins over the draft."""
    return pd.DataFrame([{"section": s.key, "title": s.title, "prompt": s.prompt,
                          "text": saved.get(s.key, drafted[s.key]), "edited": s.key in saved} for s in SECTIONS])


def who_took_part(members: pd.DataFrame, contribution_frame: pd.DataFrame) -> pd.DataFrame:
    """Per role: how many people, and what they contributed (for the report's table)."""
    people = members[~members["role"].isin(["machine", "consensus"])]
    rows = []
    for role, group in people.groupby("role"):
        done = contribution_frame[contribution_frame["role"] == role]
        rows.append({"role": role, "people": len(group),
                     "contributed": ", ".join(f"{_plural(int(r.count), r.kind)}" for r in done.itertuples()) or "—"})
    return pd.DataFrame(rows, columns=["role", "people", "contributed"])
