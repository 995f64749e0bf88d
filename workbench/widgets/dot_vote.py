"""Dot-voting: each member places a set number of dots on themes, ideas or sticky
notes; on one shared screen (the facilitator chooses whose dots they are placing,
credited to that person) or each on their own screen. Results as a ranked table.

One anywidget: this class talks to the project; `static/dot_vote.js` draws it. Every
value the browser sends is checked here (in Voila a visitor can send anything).
"""

from __future__ import annotations

from pathlib import Path

import anywidget
import traitlets

from ..errors import WorkbenchError
from ..hub.identity import signed_in_user
from ..project import Project
from .esm import view
from .people import guard_member_name
from .requests import answering

STATIC = Path(__file__).resolve().parent.parent / "static"


class DotVote(anywidget.AnyWidget):
    _esm = view("dot_vote.js")
    _css = STATIC / "workbench.css"

    session = traitlets.Unicode(help="The voting session.").tag(sync=True)
    member_name = traitlets.Unicode("", help="Who is at the screen.").tag(sync=True)
    facilitated = traitlets.Bool(False, help="One screen: the person at it places dots for each member.").tag(sync=True)
    voter = traitlets.Unicode("", help="Whose dots are being placed.").tag(sync=True)
    voters = traitlets.List(help="Facilitated: members who may vote [{name, role}].").tag(sync=True)
    dots_each = traitlets.Int(0, help="Dots each member may place.").tag(sync=True)
    dots_left = traitlets.Int(0, help="The voter's dots still to place.").tag(sync=True)
    options = traitlets.List(help="[{key, type, id, label, dots, mine}] what can be voted on.").tag(sync=True)
    results = traitlets.List(help="[{rank, label, dots, voters, by_role}] most dots first.").tag(sync=True)
    status = traitlets.Unicode("", help="Announced to screen readers.").tag(sync=True)
    error = traitlets.Unicode("", help="A problem to show.").tag(sync=True)

    def __init__(self, project: Project | str | Path, session: str, member: str, role: str = "researcher",
                 on: str = "theme", document: str | None = None, **kwargs):
        self.project = project if isinstance(project, Project) else Project.open(project)
        sessions = self.project.voting_sessions().set_index("name")
        if session not in sessions.index:
            raise WorkbenchError(f"There is no voting session called '{session}'; start it first with start_voting.")
        member = member or signed_in_user() or ""  # on a team server: whoever signed in
        if not member:
            raise WorkbenchError("Say who is at the screen: DotVote(project, session, member='Your Name').")
        member = self.project.as_member(member, role).actor.name
        self._on, self._document = on, document
        facilitated = sessions.loc[session, "mode"] == "facilitated"
        super().__init__(session=session, member_name=member, facilitated=facilitated, voter=member,
                         dots_each=int(sessions.loc[session, "dots_each"]), **kwargs)
        guard_member_name(self)
        self._refresh()
        self.on_msg(self._on_message)

    @traitlets.validate("voter")
    def _valid_voter(self, proposal):
        name = proposal["value"]
        if name != self.member_name and not (self.facilitated and name in {v["name"] for v in self.voters}):
            raise traitlets.TraitError("No such voter.")
        return name

    @traitlets.observe("voter")
    def _voter_changed(self, _change):
        if self.options:
            self._refresh()

    def _candidates(self) -> list[dict]:
        if self._on == "theme":
            themes = self.project.themes()
            return [{"type": "theme", "id": int(t.id), "label": t.name} for t in themes.itertuples()]
        if self._on == "idea":
            ideas = self.project.ideas()
            return [{"type": "idea", "id": int(i.id), "label": i.text} for i in ideas.itertuples()]
        if self._on == "segment":
            board = self.project.board(self._document)
            return [{"type": "segment", "id": int(n.segment_id), "label": f"{n.text} ({n.cluster})"} for n in board.itertuples()]
        raise WorkbenchError("A DotVote is on themes, ideas or sticky notes: on='theme', 'idea' or 'segment'.")

    def _refresh(self) -> None:
        with self.hold_sync():  # the browser gets options, dots left and results in one message
            self._compute()

    def _compute(self) -> None:
        members = self.project.members()
        self.voters = [{"name": m.name, "role": m.role} for m in members.itertuples()
                       if m.role not in ("machine", "consensus")] if self.facilitated else []
        votes = self.project.votes(self.session)
        dots = votes.groupby(["target_type", "target_id"])["dots"].sum().to_dict()
        mine = votes[votes["member"] == self.voter].groupby(["target_type", "target_id"])["dots"].sum().to_dict()
        self.options = [{**c, "key": f"{c['type']}:{c['id']}", "dots": int(dots.get((c["type"], c["id"]), 0)),
                         "mine": int(mine.get((c["type"], c["id"]), 0))} for c in self._candidates()]
        self.dots_left = self.dots_each - int(votes.loc[votes["member"] == self.voter, "dots"].sum())
        ranked = self.project.vote_results(self.session)
        roles = [c for c in ranked.columns if c.startswith("dots from ")]
        self.results = [{"rank": int(r["rank"]), "label": str(r["target"]), "dots": int(r["dots"]), "voters": int(r["voters"]),
                         "by_role": ", ".join(f"{int(r[c])} from {c.removeprefix('dots from ')}" for c in roles if r[c])}
                        for _, r in ranked.iterrows()]

    def place(self, key: str) -> None:
        """Place one of the voter's dots on the option `key` ("theme:3")."""
        option = next((o for o in self.options if o["key"] == key), None)
        if option is None:
            raise WorkbenchError("That option is no longer on the list; it has been refreshed.")
        self.project.vote(self.session, option["id"], on=option["type"], member=self.voter)
        self.status = f"{self.voter} placed a dot on “{option['label']}”."

    def take_back(self) -> None:
        self.project.take_back_vote(self.session, member=self.voter)
        self.status = f"Took back one of {self.voter}'s dots."

    def _on_message(self, _widget, content, _buffers) -> None:
        if not isinstance(content, dict):
            return
        kind = content.get("type")
        if kind in ("place", "take_back"):
            with answering(self):
                if kind == "place":
                    self.place(str(content["key"]))
                else:
                    self.take_back()
        elif kind != "refresh":  # polling for others' dots leaves an error on show
            return
        self._refresh()
