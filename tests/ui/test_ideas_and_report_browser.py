"""The team's page for ideas and the involvement report (notebook 06) in Voila, driven
by headless Chromium from the keyboard: what happened to an idea is recorded and
credited, a long list of ideas comes a page at a time, a report section is edited and
written to Word, and axe-core finds nothing serious in either widget."""

import shutil

import docx

from workbench import Project

from accessibility import axe_violations
from notebook_pages import notebook_with_parameters
from servers import voila

NOTEBOOK = "notebooks/06_ideas_actions_and_involvement_report.ipynb"


def test_the_team_records_what_happened_and_finishes_the_report(tmp_path, sample_project, page):
    shutil.copy(sample_project, tmp_path / "home-safe.db")
    with Project.open(tmp_path / "home-safe.db") as project:
        for number in range(120):  # more than one page (100 a page)
            project.as_member("Jo Bennett", "lived-experience partner").capture_idea(f"Idea number {number}")
        ideas = project.ideas()
    waiting = ideas[ideas["status"] == "new"].iloc[0]
    notebook_with_parameters(NOTEBOOK, tmp_path / "team.ipynb", PROJECT="home-safe.db", MEMBER="Sam Reid",
                             ROLE="researcher", REPORT="gripp2.docx")
    with voila(tmp_path, "team.ipynb") as url:
        page.goto(url, timeout=120_000)  # Voila runs the whole notebook before the page loads
        tracker = page.locator(".wb-ideas-tracker")
        tracker.wait_for(timeout=90_000)
        page.locator(".wb-involvement").wait_for(timeout=30_000)
        assert tracker.locator(".wb-idea").count() == 100 and tracker.get_by_text("Page 1 of 2").count() == 1
        card = tracker.locator(f".wb-idea[data-idea-id='{waiting['id']}']")
        assert card.locator(".wb-idea-text").inner_text() == f"“{waiting['text']}”"
        card.get_by_label("Status").focus()
        page.keyboard.press("ArrowDown")  # new -> being considered
        page.keyboard.press("Tab")
        page.keyboard.type("We will test it at the next workshop.")
        card.get_by_role("button", name="Save").focus()
        page.keyboard.press("Enter")
        page.wait_for_selector(".wb-ideas-tracker .wb-status:has-text('Saved what happened')", timeout=10_000)
        page.wait_for_selector(f".wb-idea[data-idea-id='{waiting['id']}'][data-status='being considered']")
        assert page.evaluate("() => document.activeElement.textContent") == "Save"  # the keyboard keeps its place
        assert axe_violations(page, ".wb-ideas-tracker") == []
        tracker.get_by_role("button", name="Next page").focus()
        page.keyboard.press("Enter")
        page.wait_for_selector(".wb-ideas-tracker .wb-help:has-text('Page 2 of 2')")
        assert tracker.locator(".wb-idea").count() == len(ideas) - 100
        assert tracker.locator(".wb-idea-text").last.inner_text() == "“Idea number 119”"
        assert axe_violations(page, ".wb-ideas-tracker") == []

        report = page.locator(".wb-involvement")
        aim = report.get_by_label("1. Aim")
        aim.fill("Partners chose which themes mattered & why.")
        report.get_by_role("button", name="Save 1. Aim").click()
        page.wait_for_selector(".wb-involvement .wb-status:has-text('Saved “1. Aim”')", timeout=10_000)
        page.wait_for_selector(".wb-report-section[data-section='aim'] h4:has-text('Edited by the team')")
        report.get_by_role("button", name="Write the report to Word").click()
        page.wait_for_selector(".wb-involvement .wb-status:has-text('Wrote the report')", timeout=30_000)
        assert axe_violations(page, ".wb-involvement") == []
    with Project.open(tmp_path / "home-safe.db") as project:
        stored = project.ideas().set_index("id").loc[waiting["id"]]
        update = project.events().query("action == 'idea.update'").iloc[-1]
    assert (stored["status"], stored["response"]) == ("being considered", "We will test it at the next workshop.")
    assert (update["actor"], update["role"]) == ("Sam Reid", "researcher")
    words = "\n".join(p.text for p in docx.Document(str(tmp_path / "gripp2.docx")).paragraphs)
    assert "Partners chose which themes mattered & why." in words
