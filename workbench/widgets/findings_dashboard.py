"""The Findings dashboard partners open in Voila: themes and codes in plain language,
with definitions and quotes, counts by group, codes that come up together, and the
topic map when there is one. Every figure has a table beside it.

It reads a published snapshot through an immutable read-only connection and holds
no way to write. A Voila visitor can send any widget message, so the only inputs,
the two filters, are checked against the choices offered before anything is drawn.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..figures.analysis import matrix_heatmap
from ..figures.coproduction import KIND_WORDS, contribution_by_role
from ..figures.findings import codes_together, compared_title, groups_compared, themes_by_group
from ..figures.theme_map import theme_map, theme_map_table
from ..figures.topics import topic_map
from ..publish import findings
from ..publish.findings import ALL
from ..publish.partner_matrices import code_group_matrix
from ..publish.published_themes import map_inputs
from ..publish.snapshot import read_snapshot
from .findings_sections import framework_html, quote_html, themes_html
from .read_only import Choice, Column, Plot, Row, Text, escape, html_table, plotly_output

CSS = (Path(__file__).resolve().parent.parent / "static" / "findings_dashboard.css").read_text()
SECTIONS = ("filters", "found", "map", "themes", "compare", "quotes", "together", "matrix", "framework", "topics",
            "shaped")


class FindingsDashboard(Column):
    def __init__(self, snapshot: str | Path):
        self.tables = read_snapshot(snapshot)
        quotes = self.tables["quotes"]
        # groups are groups of people; where the words came from is a separate choice
        self.group_choices = [ALL] + findings.groups(quotes)
        self.theme_choices = [ALL] + list(dict.fromkeys(self.tables["codes"]["theme"]))
        self.source_choices = [ALL] + findings.sources(quotes)
        self.group = Choice(options=[("All groups of people" if g == ALL else g, g) for g in self.group_choices],
                                      value=ALL, description="Group")
        self.theme = Choice(options=[("All themes" if t == ALL else t, t) for t in self.theme_choices],
                                      value=ALL, description="Theme")
        self.source = Choice(options=[("All sources" if k == ALL else k, k) for k in self.source_choices],
                             value=ALL, description="Source")
        self.sections = {name: Column(layout=dict(width="100%")) for name in SECTIONS[1:]}
        for name, box in self.sections.items():
            box.add_class(f"wb-section-{name}")
        filters = Row([self.group, self.theme, self.source], layout=dict(flex_flow="row wrap"))
        filters.add_class("wb-section-filters")
        intro = Text(
            f"<style>{CSS}</style>"
            f"<p class='wb-intro'>{escape(self._title())}. These are the themes the team found in "
            f"{escape(self._sources_in_words())}. A <em>passage</em> is one turn of talk, one sticky note or one "
            "survey answer. A group is a group of people (for example the role someone gave when they took part); "
            "passages with no group recorded, such as workshop notes, count in the totals only. Names are changed, "
            "and people who asked to be left out are not shown.</p>"
            "<h2>Choose what to show</h2>")
        super().__init__([intro, filters, *self.sections.values()], layout=dict(width="100%"))
        self.add_class("wb-findings")
        self.group.observe(self._changed, names="value")
        self.theme.observe(self._changed, names="value")
        self.source.observe(self._changed, names="value")
        self.draw()
        self._draw_shaped()
        self._draw_map()

    def _title(self) -> str:
        about = dict(zip(self.tables["about"]["key"], self.tables["about"]["value"]))
        return about.get("title", "Our findings")

    def _sources_in_words(self) -> str:
        kinds = self.source_choices[1:]
        if not kinds:
            return "the project's documents"
        return kinds[0] if len(kinds) == 1 else ", ".join(kinds[:-1]) + " and " + kinds[-1]

    def _changed(self, _change) -> None:
        if (self.group.value in self.group_choices and self.theme.value in self.theme_choices
                and self.source.value in self.source_choices):
            self.draw()

    def draw(self) -> None:
        group, theme, source = self.group.value, self.theme.value, self.source.value
        codes = self.tables["codes"]
        quotes = findings.filtered(self.tables["quotes"], source=source)
        shown = findings.filtered(quotes, group)
        counts = findings.counts_by_group(shown, codes, theme)
        what = "theme" if theme == ALL else f"code of “{theme}”"
        self.sections["themes"].children = self._pair(
            f"How often each {what} came up", themes_by_group(counts, f"How often each {what} came up, in each group"),
            counts, f"Number of passages for each {what}, by group",
            "Longer bars mean the theme came up in more passages. Each group has its own colour and pattern.")
        shares = findings.compared(quotes, codes)
        self.sections["compare"].children = self._pair(
            compared_title(shares), groups_compared(shares) if len(shares.columns) else None, shares,
            "Share of each group's passages, by theme",
            "The two largest groups of people side by side. Each bar is a share of that group's own passages, so "
            "groups of different sizes can be compared.", percent=True)
        together = findings.cooccurrence(quotes, group, theme)
        self.sections["together"].children = self._pair(
            "Which codes come up together", codes_together(together) if len(together) else None,
            findings.cooccurrence_list(together), "Pairs of codes used in the same passage", 
            "Each square counts the passages where both codes were used.", index=False)
        self.sections["quotes"].children = [Text(self._quotes_html(group, theme))]
        self.sections["found"].children = [Text(themes_html(self.tables, group, theme))]
        matrix = code_group_matrix(self.tables["quotes"], codes, theme, source)
        self.sections["matrix"].children = self._pair(
            "Each code in each group of people", matrix_heatmap(matrix, title="Passages for each code, by group")
            if matrix.size and matrix.to_numpy().any() else None, matrix, "Number of passages for each code, by group",
            "Each square counts the passages where the code was used by people in that group; darker means more.")
        self.sections["framework"].children = [Text(framework_html(self.tables, group, theme))]
        points = self.tables.get("topic_points")
        if points is not None and len(points):
            points = points if group == ALL else points[points["group"] == group]
            self.sections["topics"].children = self._pair(
                "Topic map", topic_map(points) if len(points) else None, findings.topic_sizes(points),
                "Passages in each topic", "A computer grouped passages that use similar words; passages that are "
                "alike sit close together. " + _topic_naming_in_words(points), index=False)

    def _draw_shaped(self) -> None:
        """The same for every filter: drawn once."""
        shaped = self.tables.get("contribution")
        if shaped is not None and len(shaped):
            summary = shaped.assign(examples=shaped["examples"].fillna("").str.split("\n"))
            table = pd.DataFrame({"Role": shaped["role"], "What": shaped["kind"].map(lambda k: KIND_WORDS.get(k, k)),
                                  "How many": shaped["count"], "People": shaped["people"]})
            figure = contribution_by_role(summary)
            # a log scale, so a partner's dozen votes show beside a researcher's thousands of codings
            figure.update_yaxes(type="log", title_text="How many (each step is ten times more)")
            for trace in figure.data:
                trace.text, trace.textposition = list(trace.y), "outside"
            self.sections["shaped"].children = self._pair(
                "Who shaped this analysis", figure, table,
                "Contributions to the analysis, by role", "Everyone in the team, partners included, is counted by "
                "their role: the codes they made, the passages they coded, notes, themes, dots and ideas. Private "
                "notes are never counted.", index=False)

    def _draw_map(self) -> None:
        """The thematic map of the team's themes, the same for every filter: drawn once."""
        published = self.tables.get("themes")
        if published is None or published.empty:
            return
        themes, codes = map_inputs(self.tables)
        self.sections["map"].children = self._pair(
            "The thematic map", theme_map(themes, codes), theme_map_table(themes, codes).rename(columns=str.capitalize),
            "Each theme's sub-themes and codes, with their passages",
            "Each box is a theme, with its sub-themes and codes inside it; a bigger box means more passages. "
            "The status of each theme is written under its name.", index=False)

    def _pair(self, heading: str, figure, table: pd.DataFrame, caption: str, help_text: str,
              index: bool = True, percent: bool = False) -> list:
        plot = Plot(layout=dict(min_width="0"))
        plot.add_class("wb-figure")
        if figure is None:
            plot.outputs = ({"output_type": "display_data", "metadata": {},
                             "data": {"text/html": "<p>Nothing to show for this choice.</p>",
                                      "text/plain": "Nothing to show for this choice."}},)
        else:
            # the legend under the plot, so on a phone it never covers the bars
            figure.update_layout(width=None, legend=dict(orientation="h", yanchor="top", y=-0.18, x=0))
            plot.outputs = (plotly_output(figure),)
        alternative = Text(html_table(table, caption, index, percent) if len(table) else "<p>No rows for this choice.</p>")
        alternative.add_class("wb-alternative")
        pair = Row([plot, alternative], layout=dict(width="100%"))
        pair.add_class("wb-findings-pair")
        return [Text(f"<h2>{escape(heading)}</h2><p>{escape(help_text)}</p>"), pair]

    def _quotes_html(self, group: str, theme: str) -> str:
        codes, quotes = self.tables["codes"], self.tables["quotes"]
        notes = self.tables.get("notes", pd.DataFrame(columns=["code", "text", "role"]))
        chosen = codes if theme == ALL else codes[codes["theme"] == theme]
        parts = ["<h2>Themes, what they mean, and what people said</h2>"]
        examples = {code: part for code, part in findings.code_examples(quotes, group).groupby("code", sort=False)}
        notes = {code: part for code, part in notes.groupby("code", sort=False)}
        for theme_name, part in chosen.groupby("theme", sort=False):
            parts.append(f"<h3>{escape(theme_name)}</h3>")
            for code in part.itertuples():
                if code.code != theme_name:
                    parts.append(f"<h4>{escape(code.code)}</h4>")
                parts.append(f"<p><strong>What it means:</strong> {escape(code.definition)}</p>")
                for note in notes.get(code.code, pd.DataFrame(columns=["text", "role"])).itertuples():
                    parts.append(f"<p><strong>A note from the team ({escape(note.role)}):</strong> {escape(note.text)}</p>")
                chosen_quotes = examples.get(code.code)
                if chosen_quotes is None or chosen_quotes.empty:
                    parts.append("<p>No quotes for this choice.</p>")
                    continue
                parts.extend(quote_html(quote) for quote in chosen_quotes.itertuples())
        return "".join(parts)


def _topic_naming_in_words(points: pd.DataFrame) -> str:
    """What people did with the topics, as the snapshot records it: never more."""
    topics = points[points["topic"] != -1]
    if "named" not in topics or topics.empty:
        return "The labels are words the topic model suggested."
    named = topics.drop_duplicates("topic")["named"].astype(bool)
    if named.all():
        return "People in the team checked and named the topics."
    if not named.any():
        return "The labels are words suggested by the topic model; nobody in the team has named these topics yet."
    return (f"People in the team named {int(named.sum())} of the {len(named)} topics; the other labels are words "
            "suggested by the topic model.")
