"""Text search: words, a phrase, whole words or a regular expression across every
document (or those of a document set, or people and documents with an attribute),
shown keyword in context; open a hit in a coding panel at its place, and code
the ticked hits (or all of them) in one step the member can undo.

One anywidget: this class talks to the project; `static/text_search.js` draws it. Every
value the page sends is checked here (in Voila a visitor can send anything).
"""

from __future__ import annotations

from pathlib import Path

import anywidget
import pandas as pd
import traitlets

from ..analysis.search import MODES
from ..errors import WorkbenchError
from ..project import Project
from .esm import view
from .filters import attribute_choices, checked_set, checked_where, optional_text, set_names
from .paging import PagedRows
from .people import MemberTraits, require_member
from .requests import answer, flag_field, short, text_field, whole_field

STATIC = Path(__file__).resolve().parent.parent / "static"
PATTERN_LIMIT = 500


class TextSearch(MemberTraits, PagedRows, anywidget.AnyWidget):
    _esm = view("filters.js", "pager.js", "text_search.js")
    _css = STATIC / "workbench.css"

    modes = traitlets.List(list(MODES), help="Ways to search.").tag(sync=True)
    codes = traitlets.List(help="Code names to code the hits with.").tag(sync=True)
    attributes = traitlets.List(help="[{key, values}] participants' and documents' attributes to filter by.").tag(
        sync=True)
    document_sets = traitlets.List(help="Names of document sets to search in.").tag(sync=True)
    pattern = traitlets.Unicode("", help="The last search run.").tag(sync=True)
    rows = traitlets.List(help="[{index, left, hit, right, speaker, document}] of the hits shown.").tag(sync=True)
    total = traitlets.Int(0, help="How many hits the last search found.").tag(sync=True)
    can_open = traitlets.Bool(False, help="A coding panel is linked.").tag(sync=True)
    status = traitlets.Unicode("", help="Announced to screen readers.").tag(sync=True)
    error = traitlets.Unicode("", help="A problem to show.").tag(sync=True)

    def __init__(self, project: Project | str | Path, member: str = "", role: str = "researcher", panel=None,
                 **kwargs):
        member = require_member(member, role, "TextSearch(project, member='Your Name', role='researcher')")
        self.project = project if isinstance(project, Project) else Project.open(project)
        self.panel = panel
        self.hits = pd.DataFrame()
        super().__init__(member_name=member, member_role=role, can_open=panel is not None, **kwargs)
        self.refresh()
        self.on_msg(self._on_message)

    def refresh(self) -> None:
        with self.hold_sync():
            self.codes = self.project.codes()["name"].tolist()
            self.attributes = attribute_choices(self.project)
            self.document_sets = set_names(self.project, "documents")

    def run(self, pattern: str, mode: str = "phrase", case_sensitive: bool = False, accent_sensitive: bool = False,
            document_set: str = "", attribute: str = "", value: str = "") -> pd.DataFrame:
        if len(pattern) > PATTERN_LIMIT:
            raise WorkbenchError(f"Keep a search under {PATTERN_LIMIT} characters.")
        if mode not in MODES:
            raise WorkbenchError("Choose how to search from the list.")
        where = checked_where(self.attributes, attribute, value)
        document_set = checked_set(self.document_sets, document_set)
        self.hits = self.project.search(pattern, mode, case_sensitive=case_sensitive, accent_sensitive=accent_sensitive,
                                        where=where, document_set=document_set).reset_index(drop=True)
        self.total, self.pattern = len(self.hits), pattern
        self.show_page(0)
        self.status = f"{self.total} hit(s) for “{short(pattern)}”{self.page_note(self.total)}."
        return self.hits

    def show_page(self, page: int) -> None:
        shown = self.page_of(self.hits, page)
        self.rows = [{"index": self.first_shown + i, "left": r.left, "hit": r.hit, "right": r.right,
                      "document": r.document, "speaker": r.speaker if isinstance(r.speaker, str) else ""}
                     for i, r in enumerate(shown.itertuples())]

    def _row(self, index: int) -> pd.Series:
        if not self.on_page(index, self.hits):
            raise WorkbenchError("That hit is no longer in the result; search again.")
        return self.hits.iloc[index]

    def open_passage(self, index: int) -> None:
        if self.panel is None:
            raise WorkbenchError("No coding panel is linked: TextSearch(project, member=..., panel=CodingPanel(...)).")
        row = self._row(index)
        self.panel.show_passage(int(row["document_id"]), int(row["start"]), int(row["end"]))
        self.status = f"Opened {row['document']} in the coding panel, at “{short(row['hit'], 40)}”."

    def code(self, code: str, indices: list[int] | None) -> list[int]:
        """Code the hits at `indices` (rows of the page shown), or every hit found (None)."""
        if code not in self.codes:
            raise WorkbenchError("Choose a code from the list.")
        if self.hits.empty:
            raise WorkbenchError("Search first, then code the hits.")
        if indices is not None:
            if not indices:
                raise WorkbenchError("Tick the hits to code first, or code all of them.")
            rows = sorted({self._row(i).name for i in indices})
        else:
            rows = None
        acting = self.project.acting_as(self.member_name, self.member_role)
        made = acting.code_hits(self.hits, code, rows)
        self.status = f"Coded {len(made)} hit(s) with “{short(code)}”; Undo takes them back."
        return made

    def _on_message(self, _widget, content, _buffers) -> None:
        answer(self, content, {
            "run": lambda c: self.run(text_field(c, "pattern"), text_field(c, "mode"),
                                      flag_field(c, "case", False),
                                      flag_field(c, "accents", False), optional_text(c, "document_set"),
                                      optional_text(c, "attribute"), optional_text(c, "value")),
            "open": lambda c: self.open_passage(whole_field(c, "index")),
            "code": lambda c: self.code(text_field(c, "code"), _indices(c)),
            "page": lambda c: self.show_page(whole_field(c, "page")),
        })


def _indices(content: dict) -> list[int] | None:
    """The ticked rows' indices, or None for every hit ("all": true)."""
    if content.get("all") is True:
        return None
    value = content["indices"]
    if not isinstance(value, list) or len(value) > TextSearch.page_size:
        raise TypeError("indices")
    return [whole_field({"i": i}, "i") for i in value]
