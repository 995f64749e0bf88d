""""Who are you?", asked once at the top of a partner page: a choice from the people the
lead added to the project (never a typed name), each with their role shown, not chosen.
The choice is carried to every widget on the page (see partner_apps.py), which is built
only once someone is chosen.

On a team server (JUPYTERHUB_USER set) there is nothing to ask: the signed-in member is
chosen at once and the choice cannot be changed from the page.

One anywidget: this class talks to the project; `static/who_is_working.js` draws it.
A Voila visitor can set any synced trait, so `chosen` is checked against the list here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import anywidget
import traitlets

from ..errors import WorkbenchError
from ..hub.identity import signed_in_user
from ..project import Project
from .esm import view
from .people import HUMAN_ROLES, signed_in_as
from .requests import answering

STATIC = Path(__file__).resolve().parent.parent / "static"


def team_members(project: Project) -> list[dict]:
    """[{name, role}] of the people in the project, in the order they were added:
    machine coders and the agreed version are not people."""
    members = project.members()
    people = members[members["role"].isin(HUMAN_ROLES)]
    return [{"name": str(name), "role": str(role)} for name, role in zip(people["name"], people["role"])]


class WhoIsWorking(anywidget.AnyWidget):
    _esm = view("who_is_working.js")
    _css = STATIC / "workbench.css"

    people = traitlets.List(help="[{name, role}] the team's members to choose from.").tag(sync=True)
    chosen = traitlets.Unicode("", help="The member working on this page; one of `people`.").tag(sync=True)
    role = traitlets.Unicode("", help="The chosen member's role, as the lead gave it.").tag(sync=True)
    signed_in = traitlets.Bool(False, help="On a team server: the hub sign-in decides; no choice.").tag(sync=True)
    activity = traitlets.Unicode("", help="What the page is for, said in the question.").tag(sync=True)
    status = traitlets.Unicode("", help="Announced to screen readers.").tag(sync=True)
    error = traitlets.Unicode("", help="A problem to show.").tag(sync=True)

    def __init__(self, project: Project | str | Path, activity: str = "", **kwargs):
        self.project = project if isinstance(project, Project) else Project.open(project)
        self._listeners: list[Callable[[str, str], None]] = []
        super().__init__(activity=activity, people=team_members(self.project), **kwargs)
        if signed_in_user():
            self._take_signed_in()
        elif not self.people:
            self.error = ("Nobody has been added to this project yet: the project lead adds the team first "
                          "(project.add_member or `workbench` with --member).")
        self.on_msg(self._on_message)

    def _take_signed_in(self) -> None:
        self.signed_in = True  # set first: someone signed in but not in the project gets no list either
        with answering(self):
            self.chosen = signed_in_as(self.project)[0]

    @traitlets.validate("chosen")
    def _valid_choice(self, proposal):
        name = proposal["value"]
        if not name:
            if self.signed_in and self.chosen:
                raise traitlets.TraitError("On the team server you work as who you signed in as.")
            return name
        if self.signed_in and self.chosen and name != self.chosen:
            raise traitlets.TraitError("On the team server you work as who you signed in as.")
        if name not in {person["name"] for person in self.people} and not self.signed_in:
            raise traitlets.TraitError("Choose your name from the list.")
        return name

    @traitlets.observe("chosen")
    def _chosen_changed(self, change):
        name = change["new"]
        if not name:
            self.role, self.status = "", "Choose your name to start."
        else:
            role = next((p["role"] for p in self.people if p["name"] == name), "")
            if self.signed_in:
                role = signed_in_as(self.project)[1]
            self.role = role
            self.status = f"You are working as {name} ({role})."
        role = self.role
        for listener in list(self._listeners):
            listener(name, role)

    def on_chosen(self, listener: Callable[[str, str], None]) -> None:
        """Call `listener(name, role)` when someone is chosen (at once if already), and
        `listener("", "")` when the choice is cleared to hand the screen to someone else."""
        self._listeners.append(listener)
        if self.chosen:
            listener(self.chosen, self.role)

    def choose(self, name: str) -> None:
        if not isinstance(name, str):
            raise TypeError("name")
        if self.signed_in:
            raise WorkbenchError("On the team server you work as who you signed in as.")
        if not name:
            raise WorkbenchError("Choose your name from the list.")
        try:
            self.chosen = name
        except traitlets.TraitError as refused:
            raise WorkbenchError(str(refused)) from None

    def _on_message(self, _widget, content, _buffers) -> None:
        if not isinstance(content, dict) or content.get("type") not in ("choose", "change"):
            return
        self.error = ""
        with self.hold_sync(), answering(self, clear=False):  # a problem building the page stays on show
            if content["type"] == "choose":
                self.choose(content["name"])
            elif not self.signed_in:
                self.chosen = ""
