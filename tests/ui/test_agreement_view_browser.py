"""The agreement notebook in a real Voila server, driven by headless Chromium: the
table, the member grid, and settling one disagreement into the consensus layer."""

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
        first.get_by_role("button", name="Save the agreed version").click()
        page.wait_for_selector(".wb-status:has-text('Saved the agreed version')", timeout=10_000)
        assert axe_violations(page, ".wb-agree") == []
    with Project.open(tmp_path / "home-safe.db") as project:
        settled = project.events().query("action == 'consensus.settle'")
        memos = project.memos()
    assert len(settled) == 1 and settled.iloc[0]["actor"] == "Chris Lee"
    assert settled.iloc[0]["details"]["agreed_by"] == ["Jo Bennett"]
    assert "We read it the same way in the end." in memos["text"].tolist()
