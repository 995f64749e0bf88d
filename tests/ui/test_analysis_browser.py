"""The analysis workspace (notebook 07) in Voila, driven by headless Chromium from the
keyboard: a query typed and run with Enter shows the same passages as the Python API,
a text search hit opens in the coding panel, a matrix cell opens its passages, a
framework cell is written beside its passages, an attribute cell is edited and a column
added, each stored credited to the member, and axe-core finds nothing serious in any
widget."""

import shutil

from workbench import Project

from accessibility import axe_violations
from notebook_pages import notebook_with_parameters
from servers import voila

NOTEBOOK = "notebooks/07_analysis.ipynb"
QUERY = '"Named contact" OR "Loneliness after discharge"'
WORDS = "phone"


def test_a_query_by_keyboard_and_a_framework_cell_written(tmp_path, sample_project, page):
    shutil.copy(sample_project, tmp_path / "home-safe.db")
    with Project.open(tmp_path / "home-safe.db") as project:
        expected = project.retrieve(QUERY)
        table = project.framework()
        by_role = project.matrix("role")
        hits = project.search(WORDS)
        people = project.attributes()
    site = [c for c in people.columns if c not in ("id", "pseudonym", "consent")].index("site")
    assert len(hits)
    code, group = next((c, g) for c in by_role.index for g in by_role.columns if by_role.loc[c, g] > 1)
    first_case, first_code = table.index[0], table.columns[1]
    notebook_with_parameters(NOTEBOOK, tmp_path / "analysis.ipynb", PROJECT="home-safe.db", MEMBER="Jo Bennett",
                             ROLE="lived-experience partner", EXPORTS=".")
    with voila(tmp_path, "analysis.ipynb") as url:
        page.goto(url, timeout=120_000)
        retrieval = page.locator(".wb-retrieval")
        retrieval.wait_for(timeout=90_000)
        retrieval.get_by_label("Codes", exact=True).focus()
        page.keyboard.type(QUERY)
        page.keyboard.press("Enter")
        page.wait_for_selector(f".wb-retrieval .wb-status:has-text('{len(expected)} passage(s) found')", timeout=15_000)
        rows = retrieval.locator("tbody tr")
        assert rows.count() == len(expected)
        assert rows.first.locator(".wb-passage").inner_text() == expected["text"].iloc[0]
        assert axe_violations(page, ".wb-retrieval") == []

        search = page.locator(".wb-text-search")
        search.get_by_label("Words to find", exact=True).focus()
        page.keyboard.type(WORDS)
        page.keyboard.press("Enter")
        page.wait_for_selector(f".wb-text-search .wb-status:has-text('{len(hits)} hit(s) for')", timeout=15_000)
        search.locator("tbody tr").first.get_by_role("button").focus()
        page.keyboard.press("Enter")
        page.wait_for_selector(".wb-text-search .wb-status:has-text('Opened')", timeout=15_000)
        page.wait_for_selector(f".wb-coding-panel[data-document-id='{int(hits['document_id'].iloc[0])}']",
                               timeout=15_000)
        assert axe_violations(page, ".wb-text-search") == []

        matrix = page.locator(".wb-analysis-matrix")
        label = f"{code}, {group}: {int(by_role.loc[code, group])} passages; show the passages"
        cell = matrix.get_by_role("button", name=label, exact=True)
        cell.focus()
        page.keyboard.press("Enter")
        page.wait_for_selector(f".wb-analysis-matrix h4:has-text('Passages: {code}, {group}')", timeout=10_000)
        assert matrix.locator(".wb-matrix-passages li").count() == by_role.loc[code, group]
        assert axe_violations(page, ".wb-analysis-matrix") == []

        grid = page.locator(".wb-framework-grid")
        grid.wait_for(timeout=30_000)
        grid.locator("[data-row='0'][data-col='0']").focus()
        page.keyboard.press("ArrowRight")
        page.keyboard.press("Enter")
        page.wait_for_selector(f".wb-framework-editor h4:has-text('{first_case}, {first_code}')", timeout=10_000)
        page.wait_for_function("() => document.activeElement && document.activeElement.tagName === 'TEXTAREA'")
        page.keyboard.type("Wanted <one> number & a name.")
        page.keyboard.press("Control+Enter")
        page.wait_for_selector(".wb-framework .wb-status:has-text('Saved the summary')", timeout=10_000)
        cell = grid.locator("[data-row='0'][data-col='1']")
        assert cell.inner_text() == "Wanted <one> number & a name."
        assert axe_violations(page, ".wb-framework") == []

        attributes = page.locator(".wb-attributes")
        cells = attributes.locator(".wb-attributes-grid")
        cells.locator("td[data-row='0'][data-col='0']").focus()
        for _ in range(site):
            page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowDown")
        page.keyboard.press("F2")
        page.wait_for_function("() => document.activeElement.classList.contains('wb-cell-input')")
        page.keyboard.type("Riverside <North>")
        page.keyboard.press("Enter")
        page.wait_for_selector(".wb-attributes .wb-status:has-text('Saved site of')", timeout=10_000)
        edited = cells.locator(f"td[data-row='1'][data-col='{site}']")
        assert edited.inner_text() == "Riverside <North>"
        page.keyboard.press("Enter")  # the cell has the focus again: edit, then Escape cancels
        page.keyboard.type("not this")
        page.keyboard.press("Escape")
        assert edited.inner_text() == "Riverside <North>"
        page.wait_for_function("() => document.activeElement.dataset.row === '1'")
        attributes.get_by_label("New attribute", exact=True).focus()
        page.keyboard.type("wave")
        page.keyboard.press("Enter")
        page.wait_for_selector(".wb-attributes .wb-status:has-text('Added the column')", timeout=10_000)
        assert "wave" in attributes.locator("thead th").all_inner_texts()
        assert axe_violations(page, ".wb-attributes") == []
        attributes.get_by_role("button", name="Undo my last change").focus()
        page.keyboard.press("Enter")  # the new column goes again
        page.wait_for_selector(f".wb-attributes .wb-status:has-text('Undone: {len(people)} change(s)')",
                               timeout=10_000)
        assert "wave" not in attributes.locator("thead th").all_inner_texts()
    with Project.open(tmp_path / "home-safe.db") as project:
        stored = project.framework_cells().iloc[-1]
        after = project.attributes()
        logged = project.events().query("action == 'participant.attributes'").iloc[-1]
    assert after.loc[1, "site"] == "Riverside <North>" and "wave" not in after
    assert (logged["actor"], logged["role"]) == ("Jo Bennett", "lived-experience partner")
    assert (stored["case"], stored["target"], stored["text"]) == (first_case, first_code, "Wanted <one> number & a name.")
    assert (stored["written_by"], stored["role"]) == ("Jo Bennett", "lived-experience partner")
