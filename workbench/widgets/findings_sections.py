"""Sections of the Findings dashboard built from a snapshot's tables as escaped HTML:
the themes (summary, status, how they were made, a few quotes) and the framework matrix. Every piece of user
text goes through `escape`."""

from __future__ import annotations

import pandas as pd

from ..publish import findings
from ..publish.findings import ALL
from ..publish.partner_matrices import NOT_WRITTEN, NOTHING_SAID, framework_view
from ..publish.published_themes import top_level_of_published
from ..publish.theme_words import theme_facts, where_themes_come_from
from .read_only import escape, html_table


def quote_html(quote, with_code: bool = False) -> str:
    """One quote (a row of the snapshot's quotes) as an escaped blockquote citing its speaker."""
    who = ", ".join(escape(x) for x in (quote.speaker, quote.group) if x)
    code = f"; code: {escape(quote.code)}" if with_code else ""
    return f"<blockquote><p>“{escape(quote.text)}”</p><cite>{who} ({escape(quote.source)}{code})</cite></blockquote>"


def themes_html(tables: dict[str, pd.DataFrame], group: str = ALL, theme: str = ALL, limit: int = 3) -> str:
    """Each theme (sub-themes under their theme) with its central idea, status, how it
    was made and a few quotes; with `theme`, that theme and its sub-themes only."""
    published = tables.get("themes")
    parts = ["<h2>The themes</h2>", f"<p>{escape(where_themes_come_from(tables))}</p>"]
    if published is None or published.empty:
        return "".join(parts)
    top = top_level_of_published(published)
    shown = published if theme == ALL else published[published["theme"].map(top) == theme]
    if shown.empty:
        return "".join(parts + ["<p>This choice is not one of the team's themes.</p>"])
    examples = findings.theme_examples(tables["quotes"], published, group, limit)
    by_theme = {name: part for name, part in examples.groupby("theme", sort=False)}
    for row in shown.to_dict("records"):
        level = "h4" if row["parent"] else "h3"
        parts.append(f"<{level}>{escape(row['theme'])}</{level}>")
        if row["summary"]:
            parts.append(f"<p><strong>Central idea:</strong> {escape(row['summary'])}</p>")
        parts.append("<ul class='wb-theme-facts'>" + "".join(f"<li>{escape(fact)}</li>" for fact in theme_facts(row))
                     + "</ul>")
        quotes = by_theme.get(row["theme"])
        if quotes is None or quotes.empty:
            parts.append("<p>No quotes for this choice.</p>")
            continue
        parts.extend(quote_html(quote, with_code=True) for quote in quotes.itertuples())
    return "".join(parts)


def framework_html(tables: dict[str, pd.DataFrame], group: str = ALL, theme: str = ALL) -> str:
    """The framework matrix, read-only: the team's summary for each person (pseudonym) and
    code or theme; with `theme`, its codes and the theme itself only."""
    parts = ["<h2>What each person said, in the team's words</h2>",
             "<p>For each person taking part (by their changed name), the team wrote a short summary of what they "
             "said about a code or theme. “" + escape(NOTHING_SAID) + "” means they did not talk about it; "
             "“" + escape(NOT_WRITTEN) + "” means they did, and the team has not written it up yet.</p>"]
    targets = None
    if theme != ALL:
        codes = tables["codes"]
        targets = list(codes.loc[codes["theme"] == theme, "code"]) + [theme]
    table = framework_view(tables.get("framework"), tables["quotes"], group, targets)
    if table.empty:
        return "".join(parts + ["<p>No summaries for this choice.</p>"])
    return "".join(parts) + html_table(table.reset_index(), "The team's summaries: people by code or theme", index=False)

