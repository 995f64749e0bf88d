"""Themes as first-class (issue 14): summaries, sub-themes, moving codes, splits and
merges, the review (candidate -> reviewed -> final) and partners' responses.

Each change takes `member=`: on one shared screen a facilitator enters a partner's
change, credited to the partner (as the coding panel and dot-voting do)."""

from __future__ import annotations

import pandas as pd


class Themes:
    def edit_theme(self, theme: str, *, name: str | None = None, summary: str | None = None,
                   definition: str | None = None, member: str | None = None) -> None:
        """Rename a theme or write its summary (its central idea, in plain words)."""
        from ..coproduction.themes import edit_theme

        with self._on_behalf_of(member)._write() as writer:
            edit_theme(writer, theme, name=name, summary=summary, definition=definition)

    def set_theme_parent(self, theme: str, parent: str | None, member: str | None = None) -> None:
        """Make `theme` a sub-theme of `parent` (None: a theme of its own again)."""
        from ..coproduction.themes import edit_theme

        with self._on_behalf_of(member)._write() as writer:
            edit_theme(writer, theme, parent=parent)

    def remove_codes_from_theme(self, theme: str, codes: list[str], member: str | None = None) -> int:
        from ..coproduction.themes import remove_codes_from_theme

        with self._on_behalf_of(member)._write() as writer:
            return remove_codes_from_theme(writer, theme, codes)

    def move_code_to_theme(self, code: str, from_theme: str, to_theme: str, member: str | None = None) -> None:
        from ..coproduction.themes import move_code

        with self._on_behalf_of(member)._write() as writer:
            move_code(writer, code, from_theme, to_theme)

    def split_theme(self, theme: str, new_name: str, codes: list[str], summary: str = "",
                    member: str | None = None) -> int:
        """A new theme from some of `theme`'s codes (they leave `theme`); it keeps the parent."""
        from ..coproduction.themes import split_theme

        with self._on_behalf_of(member)._write() as writer:
            return split_theme(writer, theme, new_name, codes, summary)

    def merge_themes(self, source: str, target: str, member: str | None = None) -> int:
        """`source` joins `target`: its codes, sub-themes, votes, ideas and responses follow."""
        from ..coproduction.themes import merge_themes

        with self._on_behalf_of(member)._write() as writer:
            return merge_themes(writer, source, target)

    def theme_passages(self, theme: str) -> pd.DataFrame:
        """Every passage coded with the theme's codes, with its words."""
        from ..coproduction.themes import theme_passages

        return self._visible_codings(theme_passages(self.store, theme))  # blind coding: one's own layer

    def review_theme(self, theme: str, status: str, changes: str = "") -> int:
        """Move a theme to reviewed or final (or back), recording what changed."""
        from ..coproduction.theme_review import review_theme

        with self._write() as writer:
            return review_theme(writer, theme, status, changes)

    def theme_reviews(self, theme: str | None = None) -> pd.DataFrame:
        from ..coproduction.theme_review import reviews_frame

        return reviews_frame(self.store, theme)

    def respond_to_theme(self, theme: str, verdict: str, comment: str = "", member: str | None = None) -> int:
        """A partner's view of a theme: "fits", "does not fit" or "missing something"
        (say what), credited to them by role; a later response replaces theirs."""
        from ..coproduction.theme_review import respond

        with self._on_behalf_of(member)._write() as writer:
            return respond(writer, theme, verdict, comment)

    def theme_responses(self, theme: str | None = None) -> pd.DataFrame:
        from ..coproduction.theme_review import responses_frame

        return responses_frame(self.store, theme)

    def theme_review_tally(self) -> pd.DataFrame:
        """Per theme: its status and how many said fits / does not fit / missing
        something, in all and by role (what the team sees beside each theme)."""
        from ..coproduction.theme_review import tally

        return tally(self.store)

    def theme_map_figure(self):
        """The thematic map: themes, sub-themes and codes sized by passages (plotly);
        `theme_map_table()` says the same in rows; save it with figures.export.save_figure."""
        from ..figures.theme_map import theme_map

        return theme_map(self.themes(), self.codes())

    def theme_map_table(self) -> pd.DataFrame:
        from ..figures.theme_map import theme_map_table

        return theme_map_table(self.themes(), self.codes())
