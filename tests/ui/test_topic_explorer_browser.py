"""Notebook 03 in Voila with a real topic run over the sample survey, driven by headless
Chromium: the topic explorer renames a topic from the keyboard, promotes it to a theme
and to a code, the suggested codings are accepted, and axe-core finds nothing serious."""

import shutil

from workbench import Project

from accessibility import axe_violations
from notebook_pages import notebook_with_parameters
from servers import voila

NOTEBOOK = "notebooks/03_themes_with_topic_models.ipynb"


def test_people_decide_what_a_topic_becomes_in_the_explorer(tmp_path, sample_project, page):
    shutil.copy(sample_project, tmp_path / "home-safe.db")
    with Project.open(tmp_path / "home-safe.db", member="Alex Morgan") as project:
        # fitted here first so the notebook's own run reuses the cached embeddings and reduction
        project.find_topics(kinds=["survey"], min_topic_size=5, show_progress=False)
    notebook_with_parameters(NOTEBOOK, tmp_path / "topics.ipynb", PROJECT="home-safe.db", MEMBER="Alex Morgan",
                             ROLE="researcher", KINDS=["survey"], MIN_TOPIC_SIZE=5, NR_TOPICS=None,
                             GROUP_BY="respondent")
    with voila(tmp_path, "topics.ipynb") as url:
        page.goto(url, timeout=180_000)  # Voila runs the whole notebook before the page loads
        explorer = page.locator(".wb-topics")
        explorer.wait_for(timeout=120_000)
        topic = explorer.locator("section[aria-label^='Topic 0:']")
        assert topic.locator("blockquote").count() >= 1
        label = topic.get_by_label("Label", exact=True)
        label.focus()
        page.keyboard.press("Control+A")
        page.keyboard.type("Waiting <for> medicines")
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")  # the Rename button
        page.wait_for_selector(".wb-topics section[aria-label='Topic 0: Waiting <for> medicines']", timeout=20_000)
        topic = explorer.locator("section[aria-label^='Topic 0:']")
        topic.get_by_label("Theme", exact=True).fill("Medicines on the way home")
        topic.get_by_role("button", name="Promote to theme").click()
        page.wait_for_selector(".wb-topics h3:has-text('theme “Medicines on the way home”')", timeout=20_000)
        topic.get_by_label("Code", exact=True).fill("Waiting for medicines")
        topic.get_by_role("button", name="Promote to code").click()
        accept_all = explorer.get_by_role("button", name="Accept all shown")
        accept_all.wait_for(timeout=20_000)
        suggested = explorer.get_by_role("button", name="Accept", exact=False).count() - 1  # less "Accept all shown"
        assert suggested >= 5
        assert axe_violations(page, ".wb-topics") == []
        accept_all.click()
        page.wait_for_function("() => ![...document.querySelectorAll('.wb-topics button')]"
                               ".some(b => b.textContent === 'Accept all shown')", timeout=20_000)
        assert page.locator(".wb-topics").inner_text().count("Waiting <for> medicines") >= 1  # shown as words
        assert axe_violations(page, ".wb-topics") == []
    with Project.open(tmp_path / "home-safe.db") as project:
        themes = project.themes().set_index("name")
        codings = project.codings()
        links = project.topic_themes()
        labels = set(project.topics()["label"])
    assert "Medicines on the way home" in themes.index
    assert len(links) == 1 and "Waiting <for> medicines" in labels
    mine = codings[(codings["code"] == "Waiting for medicines") & (codings["member"] == "Alex Morgan")]
    assert len(mine) == suggested
