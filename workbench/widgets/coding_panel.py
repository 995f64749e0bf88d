"""The coding panel: read a document, select text, apply codes, see the team's codings.

One anywidget: this class holds the state (synced traits) and talks to the project;
`static/coding_panel.js` draws everything. Documents and codings travel as custom
messages with UTF-16 offsets. Every value that arrives from the browser is checked
here: in Voila a visitor can send any message or set any trait.
"""

from __future__ import annotations

from pathlib import Path

import anywidget
import traitlets

from ..errors import WorkbenchError
from ..project import Project
from .coding_panel_data import Layer, code_list, codings_payload, document_list, document_payload, memos_payload
from .coding_panel_edits import PanelEdits
from .esm import view
from .offsets import Utf16Offsets
from .people import HUMAN_ROLES, MemberTraits
from .requests import answering, short

STATIC = Path(__file__).resolve().parent.parent / "static"
LAYERS = ("everyone", "mine", "member")
SMALL_CHANGES = {"coding", "code", "member", "memo"}  # event kinds the panel updates piece by piece


class CodingPanel(PanelEdits, MemberTraits, anywidget.AnyWidget):
    _esm = view("coding_panel_util.js", "coding_panel_text.js", "coding_panel_codes.js", "coding_panel_here.js",
                "coding_panel_edits.js", "coding_panel_memos.js", "coding_panel.js")
    _css = STATIC / "workbench.css"

    roles = traitlets.List(traitlets.Unicode(), default_value=HUMAN_ROLES, read_only=True).tag(sync=True)
    members = traitlets.List(help="Team members: [{name, role}].").tag(sync=True)
    documents = traitlets.List(help="[{id, name, kind, segments, coded_by_me, attributes}]").tag(sync=True)
    document_id = traitlets.Int(0, help="The document shown.").tag(sync=True)
    codes = traitlets.List(help="[{id, name, parent, colour, definition, key}]").tag(sync=True)
    layer = traitlets.Unicode("everyone", help="Whose codings to show: everyone, mine or member.").tag(sync=True)
    layer_member = traitlets.Unicode("", help="With layer='member': whose.").tag(sync=True)
    blind = traitlets.Bool(False, help="Hide other people's codings until revealed.").tag(sync=True)
    revealed = traitlets.Bool(False).tag(sync=True)
    facilitated = traitlets.Bool(False, help="One screen, several people: credit each change.").tag(sync=True)
    proposer = traitlets.Unicode("", help="Facilitated mode: who proposed the next change.").tag(sync=True)
    status = traitlets.Unicode("", help="Announced to screen readers.").tag(sync=True)
    error = traitlets.Unicode("", help="A problem to show in the panel.").tag(sync=True)
    poll_ms = traitlets.Int(500, help="How often (ms) to look for the team's changes.").tag(sync=True)
    partner_mode = traitlets.Bool(False, help="Larger text, fewer controls, plain words (issue 10).").tag(sync=True)
    focus_code = traitlets.Int(0, help="Show only this code's button (one code at a time); 0: all.").tag(sync=True)
    passage = traitlets.Dict(help="A passage to show and select: {document_id, start, end, shown} in UTF-16 units "
                             "(set by show_passage).").tag(sync=True)

    def __init__(self, project: Project | str | Path, member: str = "", role: str = "researcher",
                 document: str | int | None = None, facilitated: bool = False, **kwargs):
        self.project = project if isinstance(project, Project) else Project.open(project)
        self._offsets = None
        self._texts: dict[int, str] = {}
        self._version = self.project.last_event_id()
        super().__init__(member_name=member, member_role=role, facilitated=facilitated, **kwargs)
        self._refresh_lists()
        if self.documents:
            first = self.project.document_id(document) if document is not None else self.documents[0]["id"]
            self.document_id = first
        self.on_msg(self._on_message)

    # -- checks on everything the browser can set ------------------------------------
    @traitlets.validate("layer")
    def _valid_layer(self, proposal):
        if proposal["value"] not in LAYERS:
            raise traitlets.TraitError(f"Unknown layer {proposal['value']!r}.")
        return proposal["value"]

    @traitlets.validate("document_id")
    def _valid_document(self, proposal):
        if self.documents and proposal["value"] not in {d["id"] for d in self.documents}:
            raise traitlets.TraitError("No such document.")
        return proposal["value"]

    @traitlets.validate("proposer", "layer_member")
    def _valid_member(self, proposal):
        if proposal["value"] and proposal["value"] not in {m["name"] for m in self.members}:
            raise traitlets.TraitError("No such member.")
        return proposal["value"]

    @traitlets.validate("focus_code")
    def _valid_focus_code(self, proposal):
        if proposal["value"] and proposal["value"] not in {c["id"] for c in self.codes}:
            raise traitlets.TraitError("No such code.")
        return proposal["value"]

    def show_one_code(self, name: str | None) -> None:
        """Partner mode: offer only the code `name` (None: every code again)."""
        if name is None:
            self.focus_code = 0
            return
        found = [c["id"] for c in self.codes if c["name"] == name]
        if not found:
            raise WorkbenchError(f"There is no code called '{name}' in the codebook.")
        self.focus_code = found[0]

    @traitlets.validate("passage")
    def _valid_passage(self, proposal):
        value = proposal["value"]
        if value and not all(isinstance(value.get(key), int) for key in ("document_id", "start", "end", "shown")):
            raise traitlets.TraitError("A passage is {document_id, start, end, shown}, all whole numbers.")
        return value

    def show_passage(self, document_id: int | str, start: int, end: int) -> None:
        """Open the document, scroll to the passage [start, end) (Python character
        offsets, as the project's tables give them) and select it with a brief flash."""
        document_id = self.project.document_id(document_id if isinstance(document_id, str) else int(document_id))
        if document_id not in {d["id"] for d in self.documents}:
            raise WorkbenchError("That document is not in this panel's list; refresh the panel and try again.")
        text = self.project.document_text(document_id)
        start, end = int(start), int(end)
        if not 0 <= start < end <= len(text):
            raise WorkbenchError(f"The passage {start}-{end} is not inside the document (it has {len(text)} characters).")
        self.document_id = document_id  # sends the document when it changes
        offsets = self._offsets if self._offsets is not None and self._offsets.py_length == len(text) else Utf16Offsets(text)
        self.passage = {"document_id": document_id, "start": offsets.to_js(start), "end": offsets.to_js(end),
                        "shown": int(self.passage.get("shown", 0)) + 1}

    # -- keeping the view current --------------------------------------------------
    @traitlets.observe("document_id")
    def _document_changed(self, _change):
        self._send_document()

    @traitlets.observe("layer", "layer_member", "blind", "revealed", "member_name")
    def _layer_changed(self, change):
        if change["name"] == "blind" and change["new"]:
            self.revealed = False
        if self._offsets is not None:
            self._send_codings()

    def _layer(self) -> Layer:
        return Layer(self.layer, self.layer_member, self.blind, self.revealed)

    def _refresh_lists(self, changed: set[str] | None = None) -> None:
        """Reload what changed: everything when `changed` is None, else only the lists
        that the kinds of change in `changed` (e.g. {"coding"}) can affect."""
        everything = changed is None
        if everything or "member" in changed:
            members = self.project.members()
            self.members = [{"name": m.name, "role": m.role} for m in members.itertuples() if m.role in HUMAN_ROLES]
        if everything or "code" in changed:
            self.codes = code_list(self.project)
        if everything:
            self.documents = document_list(self.project, self.member_name)
            self._texts.clear()
        elif "coding" in changed and self.document_id:
            self._mark_coded_by_me()

    def _mark_coded_by_me(self) -> None:
        mine = any(c["member"] == self.member_name for c in self.project.document_codings(self.document_id))
        if any(d["id"] == self.document_id and d["coded_by_me"] != mine for d in self.documents):
            # only then: a new list is synced to the browser, which redraws the document list
            self.documents = [{**d, "coded_by_me": mine} if d["id"] == self.document_id else d for d in self.documents]

    def _text(self) -> str:
        if self.document_id not in self._texts:
            self._texts[self.document_id] = self.project.document_text(self.document_id)
        return self._texts[self.document_id]

    def _send_document(self) -> None:
        if not self.document_id:
            return
        payload, self._offsets = document_payload(self.project, self.document_id)
        self.send({"type": "document", "document": payload,
                   "codings": codings_payload(self.project, self.document_id, self._offsets, self._layer(), self.member_name),
                   "memos": memos_payload(self.project, self.document_id, self.member_name)})

    def _send_codings(self) -> None:
        self.send({"type": "codings", "document_id": self.document_id,
                   "codings": codings_payload(self.project, self.document_id, self._offsets, self._layer(), self.member_name),
                   "memos": memos_payload(self.project, self.document_id, self.member_name)})

    def refresh(self) -> None:
        """Pick up changes anyone has made since the last look."""
        self._version, changed = self.project.changes_since(self._version)
        if not changed:
            return
        unknown = bool(changed - SMALL_CHANGES)  # e.g. an undo or an import: reload everything
        self._refresh_lists(None if unknown else changed)
        if self._offsets is not None and (unknown or changed & {"coding", "code", "memo"}):
            self._send_codings()

    def find_documents(self, words: str) -> dict[int, int]:
        """Which documents hold `words`, and in how many parts: sent to the view, which
        lists them beside the documents whose name matches."""
        hits = self.project.document_hits(words) if words.strip() else None
        found = {} if hits is None else {int(i): int(n) for i, n in zip(hits["document_id"], hits["hits"])}
        self.send({"type": "document_hits", "words": words, "hits": found})
        return found

    # -- actions from the browser ---------------------------------------------------
    def _acting(self) -> Project:
        if not self.member_name:
            raise WorkbenchError("Say who you are first: type your name and choose your role.")
        if self.facilitated and self.proposer and self.proposer != self.member_name:
            role = next(m["role"] for m in self.members if m["name"] == self.proposer)
            return self.project.acting_as(self.proposer, role, entered_by=self.member_name)
        return self.project.acting_as(self.member_name, self.member_role)

    def _code_name(self, code_id) -> str:
        for code in self.codes:
            if code["id"] == code_id:
                return code["name"]
        raise WorkbenchError("That code is no longer in the codebook; the list has been refreshed.")

    def _span(self, content) -> tuple[int, int]:
        start, end = (self._offsets.to_py(int(content[k])) for k in ("start", "end"))
        text = self._text()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start >= end:
            raise WorkbenchError("Select some words first, then choose a code.")
        return start, end

    def apply(self, code_id: int, start: int, end: int) -> int:
        """Apply a code to [start, end) given in UTF-16 units, as the panel does."""
        start, end = self._span({"start": start, "end": end})
        code = self._code_name(code_id)
        coding_id = self._acting().apply_code(self.document_id, code, start, end)
        excerpt = self._text()[start:end]
        self.status = f"Applied “{code}” to “{short(excerpt)}”."
        return coding_id

    def _on_message(self, _widget, content, _buffers) -> None:
        if not isinstance(content, dict):
            return
        kind = content.get("type")
        if kind == "poll":  # others' changes; an error on show stays until the next action
            with answering(self, clear=False):
                self.refresh()
            return
        if kind == "find_documents":  # a search, not a change: no refresh, an error stays on show
            with answering(self, clear=False):
                self.find_documents(str(content.get("words", ""))[:200])
            return
        with answering(self):
            if kind == "ready":
                self._send_document()
            elif kind == "apply":
                self.apply(int(content["code_id"]), int(content["start"]), int(content["end"]))
            elif kind == "remove":
                self._acting().remove_coding(int(content["coding_id"]), own_only=True)
                self.status = "Removed the coding."
            elif kind == "change":
                code = self._code_name(int(content["code_id"]))
                self._acting().recode(int(content["coding_id"]), code, own_only=True)
                self.status = f"Changed the coding to “{code}”."
            elif kind == "memo":
                text = str(content.get("text", ""))[:20_000]
                if content.get("target") == "document":
                    self._acting().add_memo(text, "document", self.document_id)
                else:
                    self._acting().add_memo(text, "coding", int(content["coding_id"]))
                self.status = "Saved the memo."
            elif kind in ("undo", "redo"):
                getattr(self, kind)()
            elif kind == "new_code":
                name = content.get("name")
                has_span = content.get("start") is not None and content.get("end") is not None
                self.new_code(None if name is None else str(name)[:1000],
                              int(content["start"]) if has_span else None, int(content["end"]) if has_span else None)
            elif kind == "resize":
                self.resize(int(content["coding_id"]), int(content["start"]), int(content["end"]))
            elif kind == "idea":  # issue 10: "you said", captured from the selected words
                start, end = self._span(content)
                self._acting().capture_idea(document=self.document_id, start=start, end=end)
                self.status = f"Saved “{short(self._text()[start:end])}” as an idea; the team will say what happens to it."
            else:
                return
            self.refresh()
