"""Partner pages as apps (issue 18): one page per partner activity, served by Voila with
no code shown, that asks "who are you?" once (WhoIsWorking: a choice from the team's
members, the role shown) and builds the page's widgets, in partner mode, for that person.

    partner_page(PROJECT, "coding")            # the coding panel, partner mode
    partner_page(PROJECT, "board", board="board")
    partner_page(PROJECT, "voting", voting="Workshop 2: what matters most")
    partner_page(PROJECT, "review")            # candidate themes: fits / does not fit / missing

The thin notebooks in partners/ make these calls; `workbench partners PROJECT --page
coding` serves one. An empty PROJECT means the project the command serves
(WORKBENCH_PROJECT in the environment), so a database URL is never written to a file.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable

import ipywidgets

from ..errors import WorkbenchError
from ..project import Project
from .who_is_working import WhoIsWorking

PROJECT_VARIABLE = "WORKBENCH_PROJECT"
ACTIVITIES = {
    "coding": "Coding the words together",
    "board": "The sticky-note board",
    "voting": "Placing your dots",
    "review": "Reviewing the candidate themes",
}


def _coding(project: Project, name: str, role: str, options: dict):
    from .coding_panel import CodingPanel

    return [CodingPanel(project, member=name, role=role, partner_mode=True, document=options.get("document") or None)]


def _board(project: Project, name: str, role: str, options: dict):
    from .sticky_board import StickyBoard

    return [StickyBoard(project, options["board"], member=name, role=role)]


def _voting(project: Project, name: str, role: str, options: dict):
    from .dot_vote import DotVote

    return [DotVote(project, options["voting"], member=name, role=role)]


def _review(project: Project, name: str, role: str, options: dict):
    from .theme_map import ThemeMap

    return [ThemeMap(project, member=name, role=role, partner_mode=True)]


BUILDERS: dict[str, Callable] = {"coding": _coding, "board": _board, "voting": _voting, "review": _review}


def open_project(project: Project | str | Path | None) -> Project:
    if isinstance(project, Project):
        return project
    where = str(project or "").strip() or os.environ.get(PROJECT_VARIABLE, "")
    if not where:
        raise WorkbenchError("Say which project this page is for: set PROJECT in the page's parameters, "
                             "or serve it with `workbench partners PROJECT`.")
    return Project.open(where)


def _defaults(project: Project, activity: str, options: dict) -> dict:
    """Fill in the board or voting session when the project has exactly one obvious one."""
    options = dict(options)
    if activity == "board" and not options.get("board"):
        boards = project.documents().query("kind == 'workshop board'")["name"].tolist()
        if not boards:
            raise WorkbenchError("This project has no sticky-note board yet; import a workshop board first.")
        options["board"] = boards[0]
    if activity == "voting" and not options.get("voting"):
        sessions = project.voting_sessions()
        if sessions.empty:
            raise WorkbenchError("No voting session has been started; the facilitator starts one first "
                                 "(project.start_voting).")
        options["voting"] = sessions["name"].iloc[-1]  # the newest
    return options


class PartnerPage(ipywidgets.VBox):
    """"Who are you?" on top; under it the activity's widgets, built for whoever is chosen
    (and rebuilt when someone else takes the screen)."""

    def __init__(self, project: Project | str | Path | None, activity: str, **options):
        if activity not in BUILDERS:
            raise WorkbenchError(f"There is no partner page '{activity}'; choose one of: {', '.join(BUILDERS)}.")
        self.project = open_project(project)
        self.activity = activity
        self.options = options
        self.who = WhoIsWorking(self.project, activity=ACTIVITIES[activity])
        self.work = ipywidgets.VBox()
        super().__init__(children=[self.who, self.work])
        self.add_class("wb-partner-page")
        self.who.on_chosen(self._build)

    def _build(self, name: str, role: str) -> None:
        if not name:
            self.work.children = []
            return
        try:
            options = _defaults(self.project, self.activity, self.options)
            self.work.children = BUILDERS[self.activity](self.project, name, role, options)
        except WorkbenchError as problem:  # shown on the page in plain words, never a traceback
            self.who.error = str(problem)
            self.work.children = []

    @property
    def widgets(self) -> list:
        """The activity's widgets, built for the chosen member (none until chosen)."""
        return list(self.work.children)


def partner_page(project: Project | str | Path | None, activity: str, **options) -> PartnerPage:
    """The page for one partner activity: coding, board, voting or review (see above)."""
    return PartnerPage(project, activity, **options)
