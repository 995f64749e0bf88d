"""The topic explorer: candidate themes from a topic run, with their sizes, keywords
and real quotes; people rename, merge, discard, promote a topic to a code (then
accept or reject the suggested codings one by one or in bulk) or to a theme (new or
existing; the theme records the run and topic it came from).

One anywidget: this class works through the Project API; `static/topic_explorer.js`
draws it. Every value the browser sends is checked here (in Voila a visitor can set
any trait and send any message). UMAP is compiled in the background when the
explorer opens, so the first "Find topics" does not wait for it.
"""

from __future__ import annotations

import threading
from pathlib import Path

import anywidget
import traitlets

from ..errors import WorkbenchError
from ..project import Project
from .esm import view
from .people import MemberTraits

STATIC = Path(__file__).resolve().parent.parent / "static"
QUOTE = 300
SHOWN_SUGGESTIONS = 200


def _short(text: str, limit: int = QUOTE) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


class TopicExplorer(MemberTraits, anywidget.AnyWidget):
    _esm = view("topic_explorer.js")
    _css = STATIC / "agreement_view.css"  # the workbench's shared widget look

    kinds = traitlets.List(traitlets.Unicode(), help="Document kinds a new run covers (empty: all).").tag(sync=True)
    min_topic_size = traitlets.Int(10, help="The fewest segments a topic may have.").tag(sync=True)
    runs = traitlets.List(help="[{id, name, segments}] saved topic runs.").tag(sync=True)
    run_id = traitlets.Int(0, help="The run shown.").tag(sync=True)
    topics = traitlets.List(help="[{number, label, size, status, keywords, quotes, code, themes}]").tag(sync=True)
    theme_names = traitlets.List(traitlets.Unicode(), help="The project's themes, to add a topic to one.").tag(sync=True)
    suggestions = traitlets.List(help="[{id, code, document, text}] still to decide.").tag(sync=True)
    busy = traitlets.Bool(False, help="A run is going on.").tag(sync=True)
    progress = traitlets.Dict(help="{stage, done, total, text} of the run going on.").tag(sync=True)
    status = traitlets.Unicode("", help="Announced to screen readers.").tag(sync=True)
    error = traitlets.Unicode("", help="A problem to show.").tag(sync=True)

    def __init__(self, project: Project | str | Path, member: str = "", role: str = "researcher",
                 kinds=None, min_topic_size: int = 10, warm_up: bool = True, **kwargs):
        self.project = project if isinstance(project, Project) else Project.open(project)
        self._worker: threading.Thread | None = None
        super().__init__(member_name=member, member_role=role, kinds=list(kinds or []),
                         min_topic_size=min_topic_size, **kwargs)
        self.refresh()
        if warm_up:
            self.project.warm_up_topics(background=True)
        self.on_msg(self._on_message)

    # -- checks on everything the browser can set ------------------------------------
    @traitlets.validate("min_topic_size")
    def _valid_size(self, proposal):
        if not 2 <= proposal["value"] <= 10_000:
            raise traitlets.TraitError("The minimum topic size must be between 2 and 10,000.")
        return proposal["value"]

    @traitlets.validate("kinds")
    def _valid_kinds(self, proposal):
        known = set(self.project.documents()["kind"])
        if any(kind not in known for kind in proposal["value"]):
            raise traitlets.TraitError("No such document kind in this project.")
        return list(dict.fromkeys(proposal["value"]))

    @traitlets.validate("run_id")
    def _valid_run(self, proposal):
        if proposal["value"] and proposal["value"] not in {run["id"] for run in self.runs}:
            raise traitlets.TraitError("No such topic run.")
        return proposal["value"]

    @traitlets.observe("run_id")
    def _run_changed(self, _change):
        self._load_run()

    # -- reading -----------------------------------------------------------------------
    def refresh(self) -> None:
        found = self.project.topic_runs()
        self.runs = [{"id": int(r.id), "name": r.name, "segments": int(r.segment_count)} for r in found.itertuples()]
        if self.run_id not in {run["id"] for run in self.runs}:
            self.run_id = self.runs[-1]["id"] if self.runs else 0
        self._load_run()

    def _load_run(self) -> None:
        if not self.run_id:
            self.topics, self.suggestions = [], []
            return
        found = self.project.topics(self.run_id)
        self.topics = [{"number": int(t.number), "label": t.label, "size": int(t.size), "status": t.status,
                        "keywords": list(t.keywords[:8]), "quotes": [_short(q) for q in t.quotes[:3]],
                        "code": t.code if isinstance(t.code, str) else "", "themes": list(t.themes)}
                       for t in found.itertuples() if t.status != "merged"]
        self.theme_names = self.project.themes()["name"].tolist()
        open_ones = self.project.topic_suggestions(self.run_id, "suggested").head(SHOWN_SUGGESTIONS)
        self.suggestions = [{"id": int(s.id), "code": s.code, "document": s.document, "text": _short(s.text)}
                            for s in open_ones.itertuples()]

    # -- acting ------------------------------------------------------------------------
    def _acting(self) -> Project:
        if not self.member_name:
            raise WorkbenchError("Say who you are first: your name is recorded with each decision.")
        return self.project.acting_as(self.member_name, self.member_role)

    def _numbers(self, values) -> list[int]:
        shown = {topic["number"] for topic in self.topics}
        numbers = [int(value) for value in values]
        if any(number not in shown for number in numbers):
            raise WorkbenchError("That topic is no longer shown; the list has been refreshed.")
        return numbers

    def find_topics(self, wait: bool = False) -> None:
        """Start a run in the background (the view stays usable; Cancel stops it)."""
        if self.busy:
            raise WorkbenchError("A topic run is already going on; wait for it or cancel it.")
        acting = self._acting()
        self.busy, self.error = True, ""
        self.status = "Finding topics…"

        def work():
            try:
                run = acting.find_topics(kinds=self.kinds or None, min_topic_size=self.min_topic_size,
                                         show_progress=False, on_progress=self._show_progress)
                self.refresh()
                self.run_id = run
                self.status = f"Found {sum(t['number'] != -1 for t in self.topics)} topics."
            except WorkbenchError as exc:
                self.error, self.status = str(exc), ""
            finally:
                self.busy, self.progress = False, {}

        self._worker = threading.Thread(target=work, name="topic run", daemon=True)
        self._worker.start()
        if wait:
            self._worker.join()

    def _show_progress(self, progress) -> None:
        self.progress = progress.as_dict()
        self.status = f"Finding topics: {progress}…"

    def cancel(self) -> None:
        if self.busy:
            self.project.cancel_topics()
            self.status = "Cancelling…"

    def decide(self, action: str, content: dict) -> None:
        acting = self._acting()
        if action == "rename":
            number, = self._numbers([content["number"]])
            acting.rename_topic(number, str(content["label"])[:300], run=self.run_id)
            self.status = f"Renamed topic {number}."
        elif action == "merge":
            numbers = self._numbers(content["numbers"])
            acting.merge_topics(numbers, str(content.get("label", ""))[:300] or None, run=self.run_id)
            self.status = f"Merged topics {', '.join(map(str, numbers))}."
        elif action == "discard":
            number, = self._numbers([content["number"]])
            acting.discard_topic(number, run=self.run_id)
            self.status = f"Discarded topic {number}."
        elif action == "promote":
            number, = self._numbers([content["number"]])
            code = " ".join(str(content["code"]).split())[:200]
            made = acting.promote_topic_to_code(number, code, run=self.run_id)
            self.status = f"Suggested the code “{code}” for {made} segment(s); accept or reject them below."
        elif action == "theme":
            number, = self._numbers([content["number"]])
            theme = " ".join(str(content["theme"]).split())[:200]
            existed = theme in self.theme_names
            acting.promote_topic_to_theme(number, theme, run=self.run_id)
            code = next(topic["code"] for topic in self.topics if topic["number"] == number)
            self.status = (f"Topic {number} is now part of the {'existing' if existed else 'new'} theme “{theme}”"
                           + (f", with its code “{code}”." if code else "; its quotes are the theme's evidence."))
        elif action in ("accept", "reject"):
            ids = [int(i) for i in content["ids"]]
            if not ids or any(i not in {s["id"] for s in self.suggestions} for i in ids):
                raise WorkbenchError("Those suggestions are no longer shown; the list has been refreshed.")
            done = (acting.accept_suggestions if action == "accept" else acting.reject_suggestions)(ids)
            self.status = f"{'Accepted' if action == 'accept' else 'Rejected'} {done} suggestion(s)."
        self._load_run()

    def _on_message(self, _widget, content, _buffers) -> None:
        if not isinstance(content, dict):
            return
        action = content.get("type")
        try:
            if action == "run":
                self.find_topics()
            elif action == "cancel":
                self.cancel()
            elif action in ("rename", "merge", "discard", "promote", "theme", "accept", "reject"):
                self.decide(action, content)
            else:
                return
            self.error = ""
        except WorkbenchError as exc:
            self.error = str(exc)
            self._load_run()
        except (KeyError, TypeError, ValueError):
            self.error = "The view sent a request it should not have; reload the page and try again."
