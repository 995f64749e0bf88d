"""The "You said, we did" page partners open in Voila: every idea raised, what
happened to it, what the team did and why, in plain words.

It reads the `ideas` table of a published snapshot (ideas appear by the role of
whoever raised them, never a name) and holds no way to write. Its one input, the
"Show" choice, is checked against the choices offered before anything is drawn.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..coproduction.ideas import PLAIN_STATUS
from ..publish.snapshot import read_snapshot
from .read_only import Choice, Column, Text, escape, html_table

CSS = (Path(__file__).resolve().parent.parent / "static" / "findings_dashboard.css").read_text()
ALL = "All ideas"
# A sign beside each status, so the status never rests on colour alone.
SIGNS = {"We are doing this.": "✔", "We are thinking about this.": "…", "We are not doing this.": "✖",
         "We have not looked at this yet.": "•"}
ORDER = [PLAIN_STATUS[s] for s in ("taken forward", "being considered", "not taken forward", "new")]
DETAILS = (("What we did", "We did"), ("Why", "Why"), ("Who is taking it forward", "Who is taking it forward"),
           ("By when", "By when"))


def status_counts(ideas: pd.DataFrame) -> pd.DataFrame:
    """How many ideas are in each state, every state listed (zeros kept)."""
    counts = ideas["What happened"].value_counts().reindex(ORDER, fill_value=0)
    return pd.DataFrame({"What happened": ORDER, "Ideas": counts.to_numpy()})


def idea_html(idea: pd.Series) -> str:
    status = idea["What happened"]
    parts = [f'<p class="wb-said"><strong>You said:</strong> “{escape(idea["You said"])}”</p>',
             f'<p><strong>Suggested by:</strong> {escape(idea["Suggested by"] or "A member of the team")}</p>',
             f'<p><strong>What happened:</strong> <span class="wb-idea-status">'
             f'<span aria-hidden="true">{SIGNS.get(status, "")}</span> {escape(status)}</span></p>']
    for label, column in DETAILS:
        value = idea.get(column)
        if isinstance(value, str) and value.strip():
            parts.append(f"<p><strong>{label}:</strong> {escape(value)}</p>")
    if idea.get("Last updated"):
        parts.append(f'<p class="wb-updated">Last updated {escape(idea["Last updated"])}</p>')
    return f'<li class="wb-idea">{"".join(parts)}</li>'


class YouSaidWeDid(Column):
    def __init__(self, snapshot: str | Path):
        tables = read_snapshot(snapshot)
        self.ideas = tables.get("ideas", pd.DataFrame(columns=["You said", "What happened"])).fillna("")
        present = [status for status in ORDER if (self.ideas["What happened"] == status).any()]
        self.choices = [ALL, *present]
        self.show = Choice(options=[(c if c == ALL else f"Ideas where: {c}", c) for c in self.choices],
                           value=ALL, description="Show")
        counts = status_counts(self.ideas)
        intro = Text(
            f"<style>{CSS}</style>"
            "<p class='wb-intro'>Here is every idea people gave us in the study, what happened to it, and why. "
            "An idea shows the kind of person who gave it (for example, a lived-experience partner), never their "
            "name.</p>"
            + (html_table(counts, "How many ideas are in each state", index=False) if len(self.ideas) else ""))
        self.listing = Text()
        self.listing.add_class("wb-ideas")
        super().__init__([intro, self.show, self.listing], layout=dict(width="100%"))
        self.add_class("wb-findings")
        self.add_class("wb-you-said")
        self.show.observe(self._changed, names="value")
        self.draw()

    def _changed(self, _change) -> None:
        if self.show.value in self.choices:
            self.draw()

    def draw(self) -> None:
        if self.ideas.empty:
            self.listing.value = "<h2>Ideas</h2><p>No ideas have been published yet.</p>"
            return
        chosen = self.ideas if self.show.value == ALL else self.ideas[self.ideas["What happened"] == self.show.value]
        heading = "All ideas" if self.show.value == ALL else f"Ideas where: {self.show.value}"
        items = "".join(idea_html(idea) for _, idea in chosen.iterrows())
        self.listing.value = (f"<h2>{escape(heading)} ({len(chosen)})</h2>"
                              f'<ul class="wb-idea-list" aria-label="{escape(heading)}">{items}</ul>')
