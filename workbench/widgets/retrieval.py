"""Retrieval: build a code query (AND, OR, NOT, OVERLAPPING, SAME SEGMENT, WITHIN n
WORDS), filter by an attribute, a document set, a code set and a layer, run it, read each passage in its turn,
save the query by name, export the result, and open a passage in a coding panel.

One anywidget: this class talks to the project; `static/retrieval.js` draws it. Every
value the page sends is checked here (in Voila a visitor can send anything).
"""

from __future__ import annotations

from pathlib import Path

import anywidget
import pandas as pd
import traitlets

from ..analysis.query import Query, in_code_set
from ..errors import WorkbenchError
from ..project import Project
from .esm import view
from .filters import attribute_choices, checked_set, checked_where, optional_text, set_names
from .paging import PagedRows
from .people import MemberTraits, require_member
from .requests import answer, flag_field, short, text_field, whole_field

STATIC = Path(__file__).resolve().parent.parent / "static"
QUERY_LIMIT = 2000
EXPORTS = ("xlsx", "docx", "csv")


class Retrieval(MemberTraits, PagedRows, anywidget.AnyWidget):
    _esm = view("filters.js", "pager.js", "retrieval.js")
    _css = STATIC / "workbench.css"

    codes = traitlets.List(help="Code names, for the query box's suggestions.").tag(sync=True)
    attributes = traitlets.List(help="[{key, values}] participants' and documents' attributes to filter by.").tag(
        sync=True)
    layers = traitlets.List(help="[value, label] pairs of whose codings to use.").tag(sync=True)
    saved = traitlets.List(help="Names of saved queries.").tag(sync=True)
    document_sets = traitlets.List(help="Names of document sets to filter by.").tag(sync=True)
    code_sets = traitlets.List(help="Names of code sets to filter by.").tag(sync=True)
    query = traitlets.Unicode("", help="The last query run.").tag(sync=True)
    rows = traitlets.List(help="[{document, speaker, time, codes, coders, text, turn, index}] of the page shown.").tag(
        sync=True)
    total = traitlets.Int(0, help="How many passages the last query found.").tag(sync=True)
    can_open = traitlets.Bool(False, help="A coding panel is linked.").tag(sync=True)
    status = traitlets.Unicode("", help="Announced to screen readers.").tag(sync=True)
    error = traitlets.Unicode("", help="A problem to show.").tag(sync=True)

    def __init__(self, project: Project | str | Path, member: str, role: str = "researcher",
                 panel=None, export_folder: str | Path = ".", **kwargs):
        member = require_member(member, role, "Retrieval(project, member='Your Name', role='researcher')")
        opened = project if isinstance(project, Project) else Project.open(project)
        self.project = opened.as_member(member, role)
        self.panel = panel
        self.export_folder = Path(export_folder)
        self.result = pd.DataFrame()
        self._ran: tuple[str, Query] = ("", Query())  # the query as typed, and as run (with its filters)
        super().__init__(member_name=member, member_role=role, can_open=panel is not None, **kwargs)
        self.refresh()
        self.on_msg(self._on_message)

    def refresh(self) -> None:
        with self.hold_sync():
            self.codes = self.project.codes()["name"].tolist()
            self.attributes = attribute_choices(self.project)
            people = [m.name for m in self.project.members().itertuples() if m.role not in ("machine", "consensus")]
            self.layers = [["everyone", "Everyone"], ["mine", "Mine"], ["consensus", "The agreed version"]] + [
                [name, name] for name in people]
            self.saved = self.project.saved_queries()["name"].tolist()
            self.document_sets = set_names(self.project, "documents")
            self.code_sets = set_names(self.project, "codes")

    def run(self, query: str, attribute: str = "", value: str = "", layer: str = "everyone",
            subcodes: bool = True, document_set: str = "", code_set: str = "") -> pd.DataFrame:
        """Passages of `query`; a `code_set` keeps those also coded with one of its codes
        (with no query: every passage of its codes)."""
        if len(query) > QUERY_LIMIT:
            raise WorkbenchError(f"Keep a query under {QUERY_LIMIT:,} characters.")
        if layer not in {value for value, _ in self.layers}:
            raise WorkbenchError("Choose whose codings to use from the list.")
        where = checked_where(self.attributes, attribute, value)
        document_set = checked_set(self.document_sets, document_set)
        code_set = checked_set(self.code_sets, code_set, "code set")
        expression = in_code_set(query, code_set) if code_set else query
        self.result = self.project.retrieve(expression, where=where, layer=layer, subcodes=subcodes,
                                            document_set=document_set)
        self._ran = (query, Query(codes=expression, where=where or {}, document_set=document_set, subcodes=subcodes))
        self.total = len(self.result)
        self.query = query
        self.show_page(0)
        self.status = f"{self.total} passage(s) found for “{short(expression)}”{self.page_note(self.total)}."
        return self.result

    def show_page(self, page: int) -> None:
        shown = self.page_of(self.result, page)
        self.rows = [{"index": self.first_shown + i, "document": r.document,
                      "speaker": r.speaker if isinstance(r.speaker, str) else "",
                      "time": "" if pd.isna(r.time) else _clock(r.time), "codes": r.codes, "coders": r.coders,
                      "text": r.text, "turn": r.turn} for i, r in enumerate(shown.itertuples())]

    def save_query(self, name: str) -> None:
        typed, ran = self._ran
        query = ran if typed == self.query else Query(codes=self.query)  # the box was set otherwise since
        if not query.codes:
            raise WorkbenchError("Run a query first, then save it.")
        self.project.save_query(name, query)
        self.status = f"Saved the query as “{short(name)}”."

    def load_query(self, name: str) -> None:
        if name not in self.saved:
            raise WorkbenchError("Choose a saved query from the list.")
        saved = self.project.saved_query(name)
        self.query = saved.codes if isinstance(saved.codes, str) else ""
        self._ran = (self.query, saved)  # saved again under another name: with all its parts
        self.status = f"Loaded “{short(name)}”; run it to see its passages."

    def export(self, kind: str) -> Path:
        if kind not in EXPORTS:
            raise WorkbenchError("Export to xlsx, docx or csv.")
        if self.result.empty:
            raise WorkbenchError("Run a query with passages first.")
        path = self.project.export_passages(self.result, self.export_folder / f"passages.{kind}")
        self.status = f"Wrote {len(self.result)} passage(s) to {path.name}."
        return path

    def open_passage(self, index: int) -> None:
        if self.panel is None:
            raise WorkbenchError("No coding panel is linked: Retrieval(project, member=..., panel=CodingPanel(...)).")
        if not self.on_page(index, self.result):
            raise WorkbenchError("That passage is no longer in the result; run the query again.")
        row = self.result.iloc[index]
        self.panel.show_passage(int(row["document_id"]), int(row["start"]), int(row["end"]))
        self.status = f"Opened {row['document']} in the coding panel, at “{short(row['text'], 40)}”."

    def _on_message(self, _widget, content, _buffers) -> None:
        answer(self, content, {
            "run": lambda c: self.run(text_field(c, "query"), text_field(c, "attribute"), text_field(c, "value"),
                                      text_field(c, "layer"), flag_field(c, "subcodes", True),
                                      optional_text(c, "document_set"),
                                      optional_text(c, "code_set")),
            "save": lambda c: self.save_query(text_field(c, "name")),
            "load": lambda c: self.load_query(text_field(c, "name")),
            "export": lambda c: self.export(text_field(c, "kind")),
            "open": lambda c: self.open_passage(whole_field(c, "index")),
            "page": lambda c: self.show_page(whole_field(c, "page")),
        })


def _clock(seconds: float) -> str:
    seconds = int(seconds)
    return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
