"""The "you said, we did" page in Python: what a published snapshot holds about ideas
(role, never a name), what the page draws from it, its one filter, and escaping."""

import shutil

import pytest
from traitlets import TraitError

from workbench import Project
from workbench.errors import WorkbenchError
from workbench.publish.serve import dashboard_command
from workbench.widgets.you_said_we_did import YouSaidWeDid, status_counts


@pytest.fixture(scope="module")
def published(tmp_path_factory, sample_project):
    root = tmp_path_factory.mktemp("ideas")
    shutil.copy(sample_project, root / "study.db")
    with Project.open(root / "study.db", member="Alex Morgan") as project:
        project.capture_idea("<script>alert('x')</script> & a quiet room", proposed_by="Jo Bennett")
        ideas = project.ideas()
        target = project.publish(root / "published")
    return target, ideas


def test_snapshot_holds_every_idea_by_role_not_name(published):
    target, ideas = published
    page = YouSaidWeDid(target)
    assert len(page.ideas) == len(ideas) > 3
    assert set(page.ideas["Suggested by"]) == set(ideas["proposer_role"].str.capitalize())
    assert "Lived-experience partner" in set(page.ideas["Suggested by"])
    published_words = " ".join(page.ideas.drop(columns="Who is taking it forward").astype(str).to_numpy().ravel())
    for name in set(ideas["proposed_by"]):
        assert name not in published_words  # whoever raised an idea is never named
    counts = status_counts(page.ideas)
    assert counts["Ideas"].sum() == len(ideas)
    assert counts.set_index("What happened").loc["We are doing this.", "Ideas"] == (ideas["status"] == "taken forward").sum()


def test_the_filter_shows_one_state_and_ignores_choices_not_offered(published):
    target, ideas = published
    page = YouSaidWeDid(target)
    everything = page.listing.value.count('class="wb-idea"')
    assert everything == len(ideas)
    page.show.value = "We are not doing this."
    refused = (ideas["status"] == "not taken forward").sum()
    assert page.listing.value.count('class="wb-idea"') == refused >= 1
    assert "Parking charges are set by the hospital trust" in page.listing.value
    before = page.listing.value
    with pytest.raises(TraitError):
        page.show.set_state({"index": 99})
    page.show.set_state({"value": "<b>x</b>", "description": "hacked"})
    assert page.listing.value == before and page.show.description == "Show"


def test_idea_text_is_escaped(published):
    target, _ = published
    html = YouSaidWeDid(target).listing.value
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; a quiet room" in html


def test_an_empty_study_says_so(tmp_path):
    with Project.create(tmp_path / "empty.db", member="Alex Morgan") as project:
        target = project.publish(tmp_path / "published")
    page = YouSaidWeDid(target)
    assert "No ideas have been published yet." in page.listing.value
    assert page.show.options == (("All ideas", "All ideas"),)


def test_the_dashboard_command_serves_one_page_at_a_time(published):
    target, _ = published
    ideas = dashboard_command(target.parent, port=9003, page="ideas")
    assert "you_said_we_did.ipynb" in ideas.argv and "findings.ipynb" not in ideas.argv
    assert "findings.ipynb" in dashboard_command(target.parent, port=9004).argv
    with pytest.raises(WorkbenchError, match="choose one of: findings, ideas"):
        dashboard_command(target.parent, page="votes")


def test_the_command_line_names_the_pages_it_serves(published, capsys):
    from workbench.cli import main

    target, _ = published
    assert main(["dashboard", str(target.parent), "--page", "votes"]) == 2
    assert "'votes' is not one of 'findings', 'ideas'" in capsys.readouterr().err
    assert main(["dashboard", "--help"]) == 0
    assert "--page ideas" in capsys.readouterr().out
