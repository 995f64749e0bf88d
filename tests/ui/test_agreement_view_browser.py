"""The agreement notebook in a real Voila server, driven by headless Chromium: the
table, the member grid, and settling disagreements into the consensus layer
(one by choosing a member's version, one by selecting some words with the keyboard)."""

import shutil

from workbench import Project

from accessibility import axe_violations
from notebook_pages import notebook_with_parameters
from servers import voila

CODERS = ["Alex Morgan", "Sam Reid", "Jo Bennett"]
STUDY = ["int01_rose", "int04_dev", "fg01_discharge_focus_group"]


def test_agreement_view_settles_a_disagreement_in_voila(tmp_path, sample_project, page):
    shutil.copy(sample_project, tmp_path / "home-safe.db")
    notebook_with_parameters("notebooks/04_agreement.ipynb", tmp_path / "agreement.ipynb", PROJECT="home-safe.db",
                             MEMBER="Chris Lee", ROLE="facilitator", MEMBERS=CODERS, DOCUMENTS=STUDY)
    with voila(tmp_path, "agreement.ipynb") as url:
        page.goto(url)
        page.wait_for_selector(".wb-agree table caption", timeout=90_000)
        table = page.locator(".wb-agree table").first
        assert "Carers not involved" in table.inner_text() and "members mostly agree" in table.inner_text()
        grid = page.locator(".wb-agree table").nth(1)
        assert all(name in grid.inner_text() for name in CODERS)
        page.get_by_role("button", name="Where members differ on Communication").click()
        first = page.locator(".wb-disagreement").first
        first.wait_for(timeout=10_000)
        first.get_by_label("Jo Bennett").check()
        first.get_by_label("What you discussed (saved as a memo)").fill("We read it the same way in the end.")
        first.get_by_role("button", name="Save the agreed version").click()  # no version is chosen for them
        first.locator(".wb-form-problem:has-text('Choose the agreed version first.')").wait_for(timeout=10_000)
        first.get_by_label("Agreed version").select_option(index=1)  # keep the first member's version
        first.get_by_role("button", name="Save the agreed version").click()
        page.wait_for_selector(".wb-status:has-text('Saved the agreed version')", timeout=10_000)
        # a new coding on some words only: chosen with the keyboard in the segment's text
        page.get_by_role("group", name="Members compared").get_by_label("Consensus").wait_for(timeout=10_000)
        second = page.locator(".wb-disagreement").nth(1)
        where = second.get_attribute("aria-label")
        second.get_by_label("Agreed version").select_option(label="Code only some words of the segment (select them)")
        words = second.get_by_label("Select the words to code (mouse, or Shift and the arrow keys)")
        words.focus()
        page.keyboard.press("Control+Home")
        for _ in range(6):
            page.keyboard.press("Shift+ArrowRight")
        page.keyboard.type("x")  # the text cannot be changed
        shown = page.locator(".wb-disagreement blockquote").nth(1).inner_text()
        assert words.input_value() == shown and f"Words chosen: “{shown[:6].strip()}”" in second.inner_text()
        second.get_by_label("Sam Reid").check()
        assert axe_violations(page, ".wb-agree") == []
        second.get_by_role("button", name="Save the agreed version").click()
        page.wait_for_selector(f".wb-status:has-text('Saved the agreed version for {where}.')", timeout=10_000)
    with Project.open(tmp_path / "home-safe.db") as project:
        settled = project.events().query("action == 'consensus.settle'")
        memos = project.memos()
        words = project.codings().query("member == 'Consensus'").sort_values("id").iloc[-1]
        segment = project.segments(words["document"]).query("start <= @words['start'] < end").iloc[0]
    assert settled.iloc[1]["details"]["how"] == "new coding" and settled.iloc[1]["details"]["agreed_by"] == ["Sam Reid"]
    assert (words["start"], words["end"]) == (segment["start"], segment["start"] + 6)
    assert len(settled) == 2 and settled.iloc[0]["actor"] == "Chris Lee"
    assert settled.iloc[0]["details"]["agreed_by"] == ["Jo Bennett"]
    assert "We read it the same way in the end." in memos["text"].tolist()
