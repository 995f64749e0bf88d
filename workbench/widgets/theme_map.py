"""Building the thematic map together (issue 14): create a theme from chosen codes, move
a code between themes, split and merge themes, put one under another, write each
theme's summary; every change logged and credited. In facilitated mode the person at
the screen enters each change for whoever proposed it, credited to them (as in the
coding panel). In partner mode each candidate theme shows its summary and a few quotes,
and partners say "fits / does not fit / missing something" with a comment; the team
sees the tally beside each theme. Partners get the themes still open to review 100 a
page (each with its quotes), and can answer only for the page shown.

One anywidget: this class talks to the project; `static/theme_map.js` draws it. Every
value the browser sends is checked here (in Voila a visitor can send anything).
"""

from __future__ import annotations

from pathlib import Path

import anywidget
import traitlets

from ..errors import WorkbenchError
from ..project import Project
from ..store.schema_themes import REVIEW_VERDICTS
from .esm import view
from .paging import PagedRows
from .people import HUMAN_ROLES, MemberTraits, require_member
from .requests import answer, short, text_field, whole_field

STATIC = Path(__file__).resolve().parent.parent / "static"
TEXT_LIMIT = 5000
QUOTES = 3  # quotes shown with each theme in partner mode


def _names(content: dict, key: str) -> list[str]:
    value = content[key]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value) or len(value) > 500:
        raise TypeError(key)
    return value


def _text(value: str) -> str:
    if len(value) > TEXT_LIMIT:
        raise WorkbenchError(f"Keep it under {TEXT_LIMIT:,} characters; this has {len(value):,}.")
    return value.strip()


class ThemeMap(MemberTraits, PagedRows, anywidget.AnyWidget):
    _esm = view("pager.js", "theme_map.js")
    _css = STATIC / "workbench.css"

    partner_mode = traitlets.Bool(False, help="Review themes: summary, quotes, fits / does not fit / missing.").tag(
        sync=True)
    facilitated = traitlets.Bool(False, help="One screen: changes are credited to the chosen proposer.").tag(sync=True)
    proposer = traitlets.Unicode("", help="Whose change is being entered (facilitated mode).").tag(sync=True)
    people = traitlets.List(help="[{name, role}] members who may propose a change.").tag(sync=True)
    themes = traitlets.List(help="[{name, summary, status, parent, codes, passages, tally, quotes, mine}]: every "
                                 "theme; in partner mode the page shown of those not final.").tag(sync=True)
    codes = traitlets.List(help="Every code name, in codebook order.").tag(sync=True)
    loose = traitlets.List(help="Codes in no theme yet.").tag(sync=True)
    verdicts = traitlets.List(list(REVIEW_VERDICTS)).tag(sync=True)
    status = traitlets.Unicode("", help="Announced to screen readers.").tag(sync=True)
    error = traitlets.Unicode("", help="A problem to show.").tag(sync=True)

    def __init__(self, project: Project | str | Path, member: str, role: str = "researcher", *,
                 partner_mode: bool = False, facilitated: bool = False, **kwargs):
        member = require_member(member, role, "ThemeMap(project, member='Your Name', role='researcher')")
        opened = project if isinstance(project, Project) else Project.open(project)
        self.project = opened.as_member(member, role)
        member = self.project.actor.name  # as the project writes it (on a team server: the signed-in member)
        super().__init__(member_name=member, member_role=role, partner_mode=partner_mode, facilitated=facilitated,
                         proposer=member, **kwargs)
        self.refresh()
        self.on_msg(self._on_message)

    @traitlets.validate("proposer")
    def _valid_proposer(self, proposal):
        name = proposal["value"]
        if name != self.member_name and not (self.facilitated and name in {p["name"] for p in self.people}):
            raise traitlets.TraitError("No such member.")
        return name

    @property
    def _credited(self) -> str | None:
        """Who a change is credited to: the proposer in facilitated mode, else the member."""
        return self.proposer if self.facilitated and self.proposer != self.member_name else None

    def refresh(self) -> None:
        themes = self.project.themes()
        tally = self.project.theme_review_tally().set_index("theme")
        responses = self.project.theme_responses()
        mine = responses[responses["member"] == self.proposer].set_index("theme")
        codes = self.project.codes()
        codes = codes[~codes["archived"].astype(bool)]
        members = self.project.members()
        with self.hold_sync():
            people = [{"name": m.name, "role": m.role} for m in members.itertuples() if m.role in HUMAN_ROLES]
            if self.member_name not in {p["name"] for p in people}:
                people.append({"name": self.member_name, "role": self.member_role})
            self.people = people
            self.codes = codes["name"].tolist()
            in_theme = {code for listed in themes["codes"] for code in listed}
            self.loose = [name for name in self.codes if name not in in_theme]
            # partners page through the themes open to review (quotes read for the page shown only);
            # the team's map is one page
            self._paged = themes[themes["status"] != "final"] if self.partner_mode else themes.head(0)
            if self.partner_mode:
                themes = self.page_of(self._paged, self.page_kept(len(self._paged)))
            self.themes = [{
                "name": t.name, "summary": t.summary, "status": t.status, "parent": t.parent or "",
                "codes": list(t.codes), "passages": int(t.passages),
                "tally": {v: int(tally.loc[t.name, v]) for v in REVIEW_VERDICTS} if t.name in tally.index else {},
                "quotes": self._quotes(t.name) if self.partner_mode else [],
                "mine": ({"verdict": mine.loc[t.name, "verdict"], "comment": mine.loc[t.name, "comment"]}
                         if t.name in mine.index else None),
            } for t in themes.itertuples()]

    def show_page(self, page: int) -> None:
        """Partner mode: show page `page` (from 0) of the themes to review; the team's map is one page."""
        self.page_of(self._paged, page)

    def _quotes(self, theme: str) -> list[dict]:
        passages = self.project.theme_passages(theme).drop_duplicates("text").head(QUOTES)
        return [{"text": p.text, "code": p.code} for p in passages.itertuples()]

    def _theme(self, name: str) -> str:
        if name not in {t["name"] for t in self.themes}:
            raise WorkbenchError("That theme is no longer on the map; it has been refreshed.")
        return name

    # -- changes (each credited to the proposer in facilitated mode) ---------------------
    def create(self, name: str, codes: list[str], summary: str = "") -> None:
        self._team_only()
        self.project.add_theme(_text(name), codes=codes, summary=_text(summary), member=self._credited)
        self.status = f"Made the theme “{short(name)}” from {len(codes)} code(s)."

    def move(self, code: str, from_theme: str, to_theme: str) -> None:
        self._team_only()
        self.project.move_code_to_theme(code, self._theme(from_theme), self._theme(to_theme), member=self._credited)
        self.status = f"Moved “{short(code)}” from “{short(from_theme)}” to “{short(to_theme)}”."

    def add_codes(self, theme: str, codes: list[str]) -> None:
        self._team_only()
        added = self.project._on_behalf_of(self._credited).add_codes_to_theme(self._theme(theme), codes)
        self.status = f"Added {added} code(s) to “{short(theme)}”."

    def split(self, theme: str, name: str, codes: list[str]) -> None:
        self._team_only()
        self.project.split_theme(self._theme(theme), _text(name), codes, member=self._credited)
        self.status = f"Split {len(codes)} code(s) from “{short(theme)}” into “{short(name)}”."

    def merge(self, source: str, target: str) -> None:
        self._team_only()
        self.project.merge_themes(self._theme(source), self._theme(target), member=self._credited)
        self.status = f"Merged “{short(source)}” into “{short(target)}”."

    def set_parent(self, theme: str, parent: str) -> None:
        self._team_only()
        self.project.set_theme_parent(self._theme(theme), self._theme(parent) if parent else None,
                                      member=self._credited)
        self.status = (f"“{short(theme)}” is now a sub-theme of “{short(parent)}”." if parent
                       else f"“{short(theme)}” is a theme of its own again.")

    def write_summary(self, theme: str, summary: str) -> None:
        self._team_only()
        self.project.edit_theme(self._theme(theme), summary=_text(summary), member=self._credited)
        self.status = f"Saved the summary of “{short(theme)}”."

    def respond(self, theme: str, verdict: str, comment: str) -> None:
        self.project.respond_to_theme(self._theme(theme), verdict, _text(comment), member=self._credited)
        self.status = f"Thank you: your view of “{short(theme)}” ({verdict}) is saved."

    def _team_only(self) -> None:
        if self.partner_mode:
            raise WorkbenchError("Themes are reviewed here, not changed; ask the team to change it.")

    def _on_message(self, _widget, content, _buffers) -> None:
        answer(self, content, {
            "create": lambda c: self.create(text_field(c, "name"), _names(c, "codes"), text_field(c, "summary")),
            "move": lambda c: self.move(text_field(c, "code"), text_field(c, "from"), text_field(c, "to")),
            "add_codes": lambda c: self.add_codes(text_field(c, "theme"), _names(c, "codes")),
            "split": lambda c: self.split(text_field(c, "theme"), text_field(c, "name"), _names(c, "codes")),
            "merge": lambda c: self.merge(text_field(c, "source"), text_field(c, "target")),
            "parent": lambda c: self.set_parent(text_field(c, "theme"), text_field(c, "parent")),
            "summary": lambda c: self.write_summary(text_field(c, "theme"), text_field(c, "summary")),
            "respond": lambda c: self.respond(text_field(c, "theme"), text_field(c, "verdict"),
                                              text_field(c, "comment")),
            "page": lambda c: self.show_page(whole_field(c, "page")),
        })
