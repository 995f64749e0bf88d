"""The Findings dashboard's widgets in Python: what it draws from a snapshot, and that
widget messages (anything a Voila visitor can send) change nothing but a valid filter."""

import shutil

import pytest
from traitlets import TraitError

from workbench import Project
from workbench.widgets.findings_dashboard import FindingsDashboard, html_table

FORGED = {"index": 999, "value": "<img src=x onerror=alert(1)>", "description": "hacked", "options": ["x"],
          "_options_labels": ["x"], "children": [], "outputs": [], "display": "none", "_dom_classes": ["x"]}


@pytest.fixture(scope="module")
def dashboard(tmp_path_factory, sample_project):
    root = tmp_path_factory.mktemp("findings")
    shutil.copy(sample_project, root / "study.db")
    with Project.open(root / "study.db") as project:
        target = project.publish(root / "published")
    return FindingsDashboard(target)


def descendants(widget):
    yield widget
    for part in ("layout", "style"):
        if getattr(widget, part, None) is not None:
            yield getattr(widget, part)
    for child in getattr(widget, "children", ()):
        yield from descendants(child)


def test_forged_widget_messages_change_nothing(dashboard):
    everything = list(descendants(dashboard))
    assert len(everything) > 30
    before = [w.get_state() for w in everything]
    for widget in everything:
        try:
            widget.set_state(dict(FORGED))
        except TraitError:  # an index outside the choices
            pass
    assert [w.get_state() for w in everything] == before


def test_a_valid_filter_redraws_with_escaped_text(dashboard):
    compared = dashboard.sections["compare"].children[1].children[1].value
    assert "service user" in compared and "%</td>" in compared and "0.0<" not in compared
    dashboard.group.set_state({"index": dashboard.group_choices.index("provider")})
    quotes = dashboard.sections["quotes"].children[0].value
    assert "provider" in quotes and "service user (" not in quotes
    dashboard.theme.set_state({"index": dashboard.theme_choices.index("Medicines ready and understood")})
    assert "Waiting and timing" not in dashboard.sections["quotes"].children[0].value
    dashboard.group.set_state({"index": 0})
    dashboard.theme.set_state({"index": 0})


def test_tables_escape_user_text():
    import pandas as pd

    table = html_table(pd.DataFrame({"Code": ["<script>alert(1)</script>"], "Total": [3]}).set_index("Code"), "A <b>")
    assert "<script>" not in table and "&lt;script&gt;" in table and "A &lt;b&gt;" in table
    assert '<th scope="col"' in table and '<th scope="row">' in table


def test_who_shaped_the_analysis_is_shown_by_role_without_memo_words(dashboard):
    shaped = dashboard.tables["contribution"]
    project_memos = " ".join(shaped["examples"])
    assert set(shaped["role"]) >= {"lived-experience partner", "researcher"}
    assert "memo" in set(shaped["kind"]) and all(
        e.startswith("a memo on") for e in shaped.loc[shaped["kind"] == "memo", "examples"].str.split("\n").sum())
    section = dashboard.sections["shaped"]
    heading, pair = section.children
    assert "Who shaped this analysis" in heading.value
    table = pair.children[1].value
    assert "<caption>Contributions to the analysis, by role</caption>" in table and "ideas raised" in table
    assert "Jo Bennett" not in table and "Jo Bennett" not in project_memos


def test_the_themes_section_shows_each_theme_its_status_and_quotes_and_the_map(dashboard):
    from workbench.widgets.findings_sections import themes_html

    themes = dashboard.tables["themes"]
    found = dashboard.sections["found"].children[0].value
    assert "built from its codes" in found and "Not in a theme yet" in found
    assert all(f"<h3>{name}</h3>" in found for name in themes["theme"])
    assert found.count("Status: a candidate theme") == len(themes) and found.count("<blockquote>") >= len(themes)
    heading, pair = dashboard.sections["map"].children
    assert "The thematic map" in heading.value
    table = pair.children[1].value
    assert "<caption>Each theme&#x27;s sub-themes and codes, with their passages</caption>" in table
    assert all(name in table for name in themes["theme"])
    chosen = themes["theme"].iloc[1]
    dashboard.theme.set_state({"index": dashboard.theme_choices.index(chosen)})
    narrowed = dashboard.sections["found"].children[0].value
    assert f"<h3>{chosen}</h3>" in narrowed and narrowed.count("<h3>") == 1
    dashboard.theme.set_state({"index": 0})
    hostile = dict(dashboard.tables, themes=themes.assign(summary="<img src=x onerror=alert(1)>"))
    shown = themes_html(hostile)
    assert "<img" not in shown and "Central idea:</strong> &lt;img src=x onerror=alert(1)&gt;" in shown
