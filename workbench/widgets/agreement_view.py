"""The agreement view: how far members agree per code, a member x member grid, and
the disagreements of one code with a way to settle each into the consensus layer.

One anywidget: this class computes everything through the Project API; the view in
`static/agreement_view.js` draws it. Every value the browser sends is checked here
(in Voila a visitor can set any trait and send any message).
"""

from __future__ import annotations

import math
from pathlib import Path

import anywidget
import traitlets

from ..errors import WorkbenchError
from ..figures.agreement import member_matrix
from ..project import Project
from .offsets import Utf16Offsets
from .esm import view
from .people import MemberTraits
from .requests import answering

STATIC = Path(__file__).resolve().parent.parent / "static"
HOW = ("choose", "merge", "value", "segment", "words")
EXCERPT = 160
PAGE_SIZE = 50  # disagreements drawn at once, each with its form; the rest a page at a time


def _number(value):
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else round(float(value), 3)


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= EXCERPT else text[:EXCERPT - 1] + "…"


class AgreementView(MemberTraits, anywidget.AnyWidget):
    _esm = view("agreement_view.js")
    _css = STATIC / "agreement_view.css"

    all_members = traitlets.List(traitlets.Unicode(), help="Members who coded something.").tag(sync=True)
    all_documents = traitlets.List(traitlets.Unicode(), help="Every document's name.").tag(sync=True)
    members = traitlets.List(traitlets.Unicode(), help="The members compared.").tag(sync=True)
    documents = traitlets.List(traitlets.Unicode(), help="The documents compared (empty: all).").tag(sync=True)
    unit = traitlets.Unicode("segment", help="segment or character").tag(sync=True)
    skip_uncoded = traitlets.Bool(True, help="Leave out units nobody coded (they make agreement look higher).").tag(sync=True)
    rows = traitlets.List(help="Per code: statistics and a plain-language reading.").tag(sync=True)
    grid = traitlets.Dict(help="{members, values}: mean Cohen's kappa per pair.").tag(sync=True)
    left_out = traitlets.Int(0, help="Units left out because nobody coded them.").tag(sync=True)
    code = traitlets.Unicode("", help="The code whose disagreements are shown.").tag(sync=True)
    disagreements = traitlets.List(help="[{document, position, text, values, sides}] of the page shown.").tag(sync=True)
    page = traitlets.Int(0, help="The page of disagreements shown, from 0.").tag(sync=True)
    pages = traitlets.Int(1, help="How many pages of disagreements.").tag(sync=True)
    total = traitlets.Int(0, help="How many disagreements the chosen code has.").tag(sync=True)
    status = traitlets.Unicode("", help="Announced to screen readers.").tag(sync=True)
    error = traitlets.Unicode("", help="A problem to show.").tag(sync=True)

    def __init__(self, project: Project | str | Path, member: str = "", role: str = "researcher",
                 members=None, documents=None, **kwargs):
        self.project = project if isinstance(project, Project) else Project.open(project)
        self._ready = False
        coders = self.project.coders()  # who coded, without reading every coding
        people = self.project.members().set_index("name")["role"]
        super().__init__(member_name=member, member_role=role, all_members=coders,
                         all_documents=self.project.documents()["name"].tolist(), **kwargs)
        self.members = list(members or [name for name in coders if people.get(name) != "consensus"])
        self.documents = list(documents or [])
        self._ready = True
        self.recompute()
        self.on_msg(self._on_message)

    # -- checks on everything the browser can set ------------------------------------
    @traitlets.validate("members")
    def _valid_members(self, proposal):
        if any(name not in self.all_members for name in proposal["value"]):
            raise traitlets.TraitError("No such member.")
        return list(dict.fromkeys(proposal["value"]))

    @traitlets.validate("documents")
    def _valid_documents(self, proposal):
        if any(name not in self.all_documents for name in proposal["value"]):
            raise traitlets.TraitError("No such document.")
        return list(dict.fromkeys(proposal["value"]))

    @traitlets.validate("unit")
    def _valid_unit(self, proposal):
        if proposal["value"] not in ("segment", "character"):
            raise traitlets.TraitError("Unknown unit.")
        return proposal["value"]

    @traitlets.validate("page")
    def _valid_page(self, proposal):
        if not 0 <= proposal["value"] < max(1, self.pages):
            raise traitlets.TraitError("No such page.")
        return proposal["value"]

    @traitlets.validate("code")
    def _valid_code(self, proposal):
        if proposal["value"] and proposal["value"] not in {row["code"] for row in self.rows}:
            raise traitlets.TraitError("No such code in the table.")
        return proposal["value"]

    # -- computing ---------------------------------------------------------------------
    @traitlets.observe("members", "documents", "unit", "skip_uncoded")
    def _filters_changed(self, _change):
        if getattr(self, "_ready", False):
            self.recompute()

    @traitlets.observe("code")
    def _code_changed(self, _change):
        self._load_disagreements(first_page=True)

    @traitlets.observe("page")
    def _page_changed(self, _change):
        if not getattr(self, "_paging", False):
            self._show_page()

    def recompute(self) -> None:
        """The table and grid for the chosen members, documents and unit."""
        try:
            report = self.project.agreement(self.members, self.documents or None, self.unit,
                                            skip_uncoded=self.skip_uncoded)
        except WorkbenchError as exc:
            self.rows, self.grid, self.left_out, self._found = [], {}, 0, None
            self._show_page(0)
            self.error = str(exc)
            return
        self.error = ""
        self.rows = [{"code": r["code"], "kind": r["kind"], "level": r["level"], "units": int(r["units_compared"]),
                      "percent_agreement": _number(r["percent_agreement"]), "alpha": _number(r["krippendorff_alpha"]),
                      "fleiss": _number(r["fleiss_kappa"]), "reading": r["reading"]}
                     for r in report.codes.to_dict("records")]
        matrix = member_matrix(report.pairs) if len(report.pairs) else None
        self.grid = {} if matrix is None else {
            "members": list(matrix.index), "values": [[_number(v) for v in row] for row in matrix.to_numpy(float)]}
        self.left_out = int(report.codes["units_left_out"].iloc[0]) if len(report.codes) else 0
        if self.code not in {row["code"] for row in self.rows}:
            self.code = ""
        self._load_disagreements()
        self.status = f"Compared {len(self.members)} members on {len(self.rows)} code(s)."

    def _load_disagreements(self, first_page: bool = False) -> None:
        """The chosen code's disagreements, kept whole here; the page shown is sent."""
        if not self.code:
            self._found, self._values = None, []
        else:
            self._found = self.project.disagreements(self.code, self.members, self.documents or None)
            groups = self.project.exclusive_groups()
            self._values = groups.loc[groups["group"] == self.code, "code"].tolist()
        self._show_page(0 if first_page else None)

    def _show_page(self, page: int | None = None) -> None:
        frame, values = getattr(self, "_found", None), getattr(self, "_values", [])
        total = 0 if frame is None else len(frame)
        pages = max(1, math.ceil(total / PAGE_SIZE))
        page = min(self.page if page is None else page, pages - 1)
        items = [] if frame is None else self._items(frame.iloc[page * PAGE_SIZE:(page + 1) * PAGE_SIZE], values)
        self._paging = True
        try:
            with self.hold_sync():
                self.total, self.pages, self.page, self.disagreements = total, pages, page, items
        finally:
            self._paging = False

    def _items(self, frame, values: list[str]) -> list[dict]:
        texts = {}
        items = []
        for row in frame.to_dict("records"):
            text = texts.setdefault(row["document"], self.project.document_text(row["document"]))
            sides = []
            for member in self.members:
                given = row[member]
                if given is None:
                    shown = "did not code this document"
                elif isinstance(given, str):
                    shown = given
                elif not given:
                    shown = "did not apply it"
                else:
                    shown = " … ".join(f"“{_short(text[s:e])}”" for s, e in given)
                sides.append({"member": member, "shown": shown, "applied": bool(given)})
            items.append({"document": row["document"], "position": int(row["position"]),
                          "start": int(row["start"]), "end": int(row["end"]),
                          "text": row["text"] or "", "values": values, "sides": sides})
        return items

    # -- settling ------------------------------------------------------------------------
    def settle(self, index: int, how: str, agreed_by: list[str], member: str = "", value: str = "",
               discussion: str = "", start=None, end=None) -> list[int]:
        """Settle the `index`-th disagreement shown, as the view's form does. `how="words"`
        writes a new coding on the words from `start` to `end` of the segment's text, in
        JavaScript (UTF-16) offsets as the browser counts them."""
        if not self.member_name:
            raise WorkbenchError("Say who you are first: your name is recorded with the agreed version.")
        if how == "":
            raise WorkbenchError("Choose the agreed version first.")
        if not (0 <= index < len(self.disagreements)) or how not in HOW:
            raise WorkbenchError("That disagreement is no longer shown; the list has been refreshed.")
        item = self.disagreements[index]
        if any(name not in self.all_members for name in agreed_by):
            raise WorkbenchError("Choose who agreed from the team's members.")
        if how == "choose" and member not in self.members:
            raise WorkbenchError("Choose whose coding you agreed on.")
        if how == "value" and value not in item["values"]:
            raise WorkbenchError("Choose one of the group's values.")
        if how in ("segment", "words") and item["values"]:
            raise WorkbenchError("Choose one of the group's values.")
        span = (item["start"], item["end"]) if how == "segment" else (None, None)  # a new coding: the whole segment
        if how == "words":  # ... or the words chosen in it
            span = self._chosen_words(item, start, end)
        acting = self.project.acting_as(self.member_name, self.member_role)
        created = acting.settle(item["document"], self.code, segment=item["position"], agreed_by=agreed_by,
                                choose=member if how == "choose" else None, merge=how == "merge",
                                value=value if how == "value" else None, start=span[0], end=span[1],
                                discussion=discussion[:20_000] or None)
        self.status = f"Saved the agreed version for {item['document']}, segment {item['position'] + 1}."
        return created

    @staticmethod
    def _chosen_words(item: dict, start, end) -> tuple[int, int]:
        """UTF-16 offsets into the segment's text as document offsets (code points)."""
        offsets = Utf16Offsets(item["text"])
        whole = all(isinstance(x, int) and not isinstance(x, bool) for x in (start, end))
        if not whole or not 0 <= start < end <= offsets.js_length:
            raise WorkbenchError("Select the words of the new coding in the segment's text first.")
        return item["start"] + offsets.to_py(start), item["start"] + offsets.to_py(end)

    def _on_message(self, _widget, content, _buffers) -> None:
        if not isinstance(content, dict) or content.get("type") != "settle":
            return
        with answering(self):
            agreed_by = content.get("agreed_by")
            if not isinstance(agreed_by, list) or not all(isinstance(n, str) for n in agreed_by):
                raise ValueError
            self.settle(int(content["index"]), str(content["how"]), agreed_by, str(content.get("member", "")),
                        str(content.get("value", "")), str(content.get("discussion", "")),
                        content.get("start"), content.get("end"))
            self.all_members = self.project.coders()
            self._load_disagreements()
