"""Hostile text in every figure (issue 9): participant words, code names, member
names, memos and topic labels reach plotly only escaped, and never as maths.
The widgets are checked in a real browser (tests/ui/test_injection_browser.py)."""

import re

import pytest

from workbench.figures import agreement, overview
from workbench.figures import topics as topic_figures
from workbench.figures.findings import dashboard_figures

from payloads import PAYLOADS, SHORT, payload_project

RAW_MARKUP = re.compile(r"<\s*(script|img|svg|a\s|iframe)", re.IGNORECASE)  # escaped text is harmless


def strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from strings(item)
    elif hasattr(value, "tolist"):
        yield from strings(value.tolist())


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    with payload_project(tmp_path_factory.mktemp("payloads") / "hostile.db") as project:
        yield project


def figures(project):
    assignments = project.topic_assignments()
    yield "codings by code", overview.codings_by_code(project.codings())
    yield "documents by kind", overview.documents_by_kind(project.documents())
    yield "agreement", agreement.agreement_heatmap(project.agreement().pairs)
    yield "topic map", topic_figures.topic_map(assignments)
    yield "top words", topic_figures.top_words(project.topics())
    yield "crosswalk", topic_figures.crosswalk_heatmap(project.topic_crosswalk())
    yield "topics by participant", topic_figures.topics_by_group(assignments, "participant")
    yield from dashboard_figures(project.findings_tables()).items()


def test_the_payload_project_holds_every_payload_literally(hostile):
    text = hostile.document_text("payloads")
    assert all(payload in text for payload in PAYLOADS)
    assert set(SHORT) <= set(hostile.codes()["name"])
    assert SHORT[1] in set(hostile.members()["name"]) and SHORT[0] in set(hostile.participants()["pseudonym"])
    assert set(hostile.memos()["text"]) == set(PAYLOADS)


def test_no_figure_carries_live_markup_or_maths(hostile):
    problems, checked = [], 0
    for name, figure in figures(hostile):
        for value in strings(figure.to_plotly_json()):
            stripped = value.strip()
            if RAW_MARKUP.search(value):
                problems.append(f"{name}: markup {value[:70]}")
            if len(stripped) > 1 and stripped.startswith("$") and stripped.endswith("$"):
                problems.append(f"{name}: maths {value[:70]}")
        checked += 1
    assert problems == []
    assert checked >= 8


def test_user_text_is_shown_escaped_not_dropped(hostile):
    shown = " ".join(value for _, figure in figures(hostile) for value in strings(figure.to_plotly_json()))
    assert "&lt;script&gt;" in shown and "&lt;img src=x onerror=" in shown
