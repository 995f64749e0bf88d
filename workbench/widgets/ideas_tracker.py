"""Ideas and actions for the team: every idea raised ("you said"), with a form to record
what happened to it ("we did"): its status, the response, the reason, an owner and a
date. A facilitator can also type in an idea said aloud, credited to whoever said it.
A long list comes 100 ideas a page (all, or those of one status); only the page shown
can be saved.

One anywidget: this class talks to the project; `static/ideas_tracker.js` draws it.
Every value the browser sends is checked here (in Voila a visitor can send anything).
"""

from __future__ import annotations

from pathlib import Path

import anywidget
import pandas as pd
import traitlets

from ..errors import WorkbenchError
from ..project import Project
from ..store.schema import IDEA_STATES
from .esm import view
from .paging import PagedRows
from .people import HUMAN_ROLES, MemberTraits, require_member
from .requests import answer, short, text_field, whole_field

STATIC = Path(__file__).resolve().parent.parent / "static"
TEXT_LIMIT = 5000  # characters in one response, reason or idea


class IdeasTracker(MemberTraits, PagedRows, anywidget.AnyWidget):
    _esm = view("pager.js", "ideas_tracker.js")
    _css = STATIC / "workbench.css"

    ideas = traitlets.List(help="[{id, text, status, response, reason, owner, due, proposed_by, proposer_role, "
                                "theme, source, updated}] of the page shown, oldest first.").tag(sync=True)
    showing = traitlets.Unicode("all", help="Which ideas are listed: 'all' or one status.").tag(sync=True)
    counts = traitlets.Dict(help="{all: n, <status>: n}: how many ideas there are of each status.").tag(sync=True)
    states = traitlets.List(list(IDEA_STATES), help="The statuses an idea can have.").tag(sync=True)
    people = traitlets.List(help="[{name, role}] members who can raise or take forward an idea.").tag(sync=True)
    status = traitlets.Unicode("", help="Announced to screen readers.").tag(sync=True)
    error = traitlets.Unicode("", help="A problem to show.").tag(sync=True)

    def __init__(self, project: Project | str | Path, member: str, role: str = "researcher", **kwargs):
        member = require_member(member, role, "IdeasTracker(project, member='Your Name', role='researcher')")
        opened = project if isinstance(project, Project) else Project.open(project)
        self.project = opened.as_member(member, role)
        super().__init__(member_name=member, member_role=role, **kwargs)
        self.refresh()
        self.on_msg(self._on_message)

    @traitlets.validate("showing")
    def _valid_showing(self, proposal):
        if proposal["value"] not in ("all", *IDEA_STATES):
            raise traitlets.TraitError("No such status.")
        return proposal["value"]

    def refresh(self) -> None:
        frame = self.project.ideas().fillna("")
        members = self.project.members()
        self._listed = frame if self.showing == "all" else frame[frame["status"] == self.showing]
        self._known = set(frame["id"].astype(int))
        by_status = frame["status"].value_counts()
        with self.hold_sync():
            self.counts = {"all": len(frame), **{s: int(by_status.get(s, 0)) for s in IDEA_STATES}}
            people = [{"name": m.name, "role": m.role} for m in members.itertuples() if m.role in HUMAN_ROLES]
            if self.member_name not in {p["name"] for p in people}:  # joins the project with their first change
                people.append({"name": self.member_name, "role": self.member_role})
            self.people = people
            self.ideas = _cards(self.page_of(self._listed, self.page_kept(len(self._listed))))

    def show_page(self, page: int) -> None:
        """Show page `page` (from 0) of the ideas listed; a page that does not exist is refused."""
        self.page_of(self._listed, page)

    def show(self, status: str) -> None:
        """List all ideas ("all") or those of one status, from the first page."""
        if status not in ("all", *IDEA_STATES):
            raise WorkbenchError(f"Show all ideas or those of one status: {', '.join(IDEA_STATES)}.")
        self.showing, self.page = status, 0

    def save(self, idea_id: int, status: str, response: str, reason: str, owner: str, due: str) -> None:
        """Record what happened to idea `idea_id`; only what differs from the stored idea is written."""
        current = next((i for i in self.ideas if i["id"] == idea_id), None)
        if current is None and idea_id in self._known:
            raise WorkbenchError("That idea is not on the page shown; the list has been refreshed.")
        if current is None:
            raise WorkbenchError("That idea is no longer in the project; the list has been refreshed.")
        wanted = {"status": status, "response": _text(response), "reason": _text(reason), "owner": owner, "due": due}
        changes = {key: value for key, value in wanted.items() if value != current[key]}
        if changes.get("owner") == "":
            raise WorkbenchError("Choose who is taking this idea forward; an owner cannot be removed, only changed.")
        if changes.get("due") == "":
            raise WorkbenchError("Give a date (YYYY-MM-DD); a date cannot be removed, only changed.")
        if not changes:
            self.status = "Nothing to save: this idea has not changed."
            return
        self.project.update_idea(idea_id, **changes)
        self.status = f"Saved what happened to “{short(current['text'])}”."

    def capture(self, text: str, proposed_by: str) -> None:
        """Type in an idea said aloud, credited to the member `proposed_by` who raised it."""
        if proposed_by not in {p["name"] for p in self.people}:
            raise WorkbenchError("Choose who raised the idea from the list of members.")
        self.project.capture_idea(_text(text), proposed_by=proposed_by)
        self.status = f"Added the idea “{short(text)}”, raised by {proposed_by}."

    def _capture_request(self, content: dict) -> None:
        self.capture(text_field(content, "text"), text_field(content, "proposed_by"))
        self.send({"type": "captured"})  # the page empties its form

    def _on_message(self, _widget, content, _buffers) -> None:
        answer(self, content, {
            "save": lambda c: self.save(int(c["id"]), *(text_field(c, k) for k in ("status", "response", "reason", "owner", "due"))),
            "capture": self._capture_request,
            "page": lambda c: self.show_page(whole_field(c, "page")),
            "show": lambda c: self.show(text_field(c, "status")),
        })


def _cards(shown: pd.DataFrame) -> list[dict]:
    return [{
        "id": int(i.id), "text": i.text, "status": i.status, "response": i.response, "reason": i.reason,
        "owner": i.owner, "due": i.due or "", "proposed_by": i.proposed_by, "proposer_role": i.proposer_role,
        "theme": i.theme, "source": i.document, "updated": str(i.updated_at)[:10],
    } for i in shown.itertuples()]


def _text(value: str) -> str:
    if len(value) > TEXT_LIMIT:
        raise WorkbenchError(f"Keep it under {TEXT_LIMIT:,} characters; this has {len(value):,}.")
    return value.strip()
