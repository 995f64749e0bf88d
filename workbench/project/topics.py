"""Themes with topic models: runs, decisions, suggestions (issue 5)."""

from __future__ import annotations

import weakref

import pandas as pd

from ..errors import NoMemberChosen

# Per open store, so reduced embeddings survive between runs.
_TOPIC_RUNNERS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


class Topics:
    def _topic_runner(self):
        from ..topics.runs import TopicRunner

        runner = _TOPIC_RUNNERS.get(self.store)
        if runner is None:
            runner = _TOPIC_RUNNERS[self.store] = TopicRunner(self.store, self._write)
        runner.write = self._write  # changes are credited to whoever runs it now
        return runner

    def find_topics(self, *, kinds: list[str] | None = None, where: dict | None = None, code: str | None = None,
                    name: str | None = None, show_progress: bool = True, on_stage=None, on_progress=None,
                    **parameters) -> int:
        """Fit BERTopic over the chosen segments and save the run; returns its id.

        Choose segments by document `kinds`, attributes (`where={"role": "carer"}`) or a
        `code`. Parameters are those of `workbench.topics.TopicParameters`, e.g.
        `min_topic_size=10, nr_topics=None, guided=False, zero_shot=False,
        reduce_outliers=False, embedding_model=None`. Embeddings are cached in the
        project, and a re-run that changes only the clustering reuses the reduction.
        `on_progress(progress)` hears each stage in words, with the count while
        embedding (`workbench.topics.progress.Progress`), as the tqdm bar shows it.
        """
        from ..topics import TopicParameters, frames, select_segments

        params = TopicParameters(**parameters)
        chosen = select_segments(frames.segments_with_text(self.store), frames.coded_spans(self.store),
                                 kinds, where, code)
        if self.actor is None:
            raise NoMemberChosen("Say who is working first, e.g. project.as_member('Alex Morgan', 'researcher').")
        selection = {"kinds": kinds, "where": where, "code": code}
        return self._topic_runner().run(chosen, params, self.codes(), name, selection, show_progress,
                                        on_stage or (lambda stage: None), on_progress or (lambda progress: None))

    def cancel_topics(self) -> None:
        """Stop a running `find_topics` (e.g. from a widget's button) at its next stage."""
        self._topic_runner().cancel()

    def warm_up_topics(self, background: bool = True):
        """Compile UMAP now (20-60 s on first use), off the person's path by default."""
        import threading

        from ..topics.stages import warm_up_umap

        if not background:
            warm_up_umap()
            return None
        thread = threading.Thread(target=warm_up_umap, name="umap warm-up", daemon=True)
        thread.start()
        return thread

    def topic_runs(self) -> pd.DataFrame:
        from ..topics import frames

        return frames.runs_frame(self.store)

    def topics(self, run: int | None = None) -> pd.DataFrame:
        """The topics of a run (the latest by default) with keywords, label, size, quotes."""
        from ..topics import frames

        return frames.topics_frame(self.store, frames.require_run(self.store, run))

    def topic_assignments(self, run: int | None = None) -> pd.DataFrame:
        from ..topics import frames

        return frames.assignments_frame(self.store, frames.require_run(self.store, run))

    def topic_crosswalk(self, run: int | None = None, include_machine: bool = False) -> pd.DataFrame:
        """Topics x codes: how many segments of each topic people coded with each code."""
        from ..topics import frames

        return frames.crosswalk_frame(self.store, frames.require_run(self.store, run), include_machine)

    def topic_suggestions(self, run: int | None = None, status: str | None = None) -> pd.DataFrame:
        from ..topics import frames

        found = frames.suggestions_frame(self.store, run)
        return found if status is None else found[found["status"] == status].reset_index(drop=True)

    def rename_topic(self, number: int, label: str, run: int | None = None) -> None:
        from ..topics import frames, review

        with self._write() as writer:
            review.rename_topic(writer, frames.require_run(self.store, run), number, label)

    def merge_topics(self, numbers: list[int], label: str | None = None, run: int | None = None) -> int:
        from ..topics import frames, review

        with self._write() as writer:
            return review.merge_topics(writer, frames.require_run(self.store, run), numbers, label)

    def discard_topic(self, number: int, run: int | None = None) -> None:
        from ..topics import frames, review

        with self._write() as writer:
            review.discard_topic(writer, frames.require_run(self.store, run), number)

    def promote_topic_to_code(self, number: int, code: str, definition: str = "", run: int | None = None) -> int:
        """Suggest `code` (new or existing) for every segment of a topic, credited to
        the machine member "topic model"; returns how many suggestions were made."""
        from ..topics import frames, review

        with self._write() as writer:
            return review.promote_to_code(writer, frames.require_run(self.store, run), number, code, definition)

    def promote_topic_to_theme(self, number: int, theme_name: str, definition: str = "", run: int | None = None) -> int:
        """Make a topic part of a theme, new or existing; returns the theme's id.

        A new theme's definition is `definition` or else the topic's label and
        keywords (an existing theme keeps its own). The theme records the run and topic
        it came from and who promoted it (see `topic_themes()`). If the topic was
        promoted to a code, that code joins the theme's codes, and a code the topic is
        promoted to later joins it then; until then the theme's evidence is the topic's
        representative quotes. Nothing is coded by promoting to a theme.
        """
        from ..topics import frames, review

        with self._write() as writer:
            return review.promote_to_theme(writer, frames.require_run(self.store, run), number, theme_name,
                                           definition)["theme_id"]

    def topic_themes(self, theme: str | None = None) -> pd.DataFrame:
        """Topics promoted to themes: theme, run, topic, code, quotes, who and when."""
        from ..topics import frames

        return frames.theme_topics_frame(self.store, theme)

    def accept_suggestions(self, ids: list[int] | int) -> int:
        """Accept suggested codings: each becomes a coding of your own."""
        from ..topics import review

        with self._write() as writer:
            return review.decide_suggestions(writer, [ids] if isinstance(ids, int) else list(ids), accept=True)

    def reject_suggestions(self, ids: list[int] | int) -> int:
        from ..topics import review

        with self._write() as writer:
            return review.decide_suggestions(writer, [ids] if isinstance(ids, int) else list(ids), accept=False)
