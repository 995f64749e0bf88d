"""Notebook 07 in a real JupyterLab (not only Voila), run with Run All: every widget
renders (no "Error displaying widget", nothing reported by the page), Enter in a
one-line box runs its form inside Lab's notebook, the framework grid keeps its arrow
keys and Ctrl+Enter from Lab's shortcuts, and axe-core finds nothing serious."""

import shutil

from workbench import Project

from accessibility import axe_violations
from notebook_pages import notebook_with_parameters, run_in_lab
from servers import jupyter_lab

NOTEBOOK = "notebooks/07_analysis.ipynb"
QUERY = '"Named contact" OR "Loneliness after discharge"'
WIDGETS = (".wb-retrieval", ".wb-text-search", ".wb-coding-panel", ".wb-analysis-matrix", ".wb-framework",
           ".wb-attributes")


def test_notebook_07_runs_in_jupyterlab_by_keyboard(tmp_path, sample_project, page):
    root = tmp_path / "lab"
    root.mkdir()
    shutil.copy(sample_project, root / "home-safe.db")
    with Project.open(root / "home-safe.db") as project:
        expected = len(project.retrieve(QUERY))
        hits = len(project.search("phone"))
    notebook_with_parameters(NOTEBOOK, root / "analysis.ipynb", PROJECT="home-safe.db", MEMBER="Jo Bennett",
                             ROLE="lived-experience partner", EXPORTS=".")
    reported = []
    page.on("pageerror", lambda error: reported.append(str(error)))
    page.on("console", lambda message: reported.append(message.text) if message.type == "error" else None)
    with jupyter_lab(root) as (base, token):
        run_in_lab(page, base, token, "analysis.ipynb")
        for selector in WIDGETS:
            page.locator(selector).first.wait_for(state="attached", timeout=90_000)
        assert page.locator(".jupyter-widgets-error-widget").count() == 0

        retrieval = page.locator(".wb-retrieval")
        retrieval.get_by_label("Codes", exact=True).focus()
        page.keyboard.type(QUERY)
        page.keyboard.press("Enter")
        page.wait_for_selector(f".wb-retrieval .wb-status:has-text('{expected} passage(s) found')", timeout=15_000)
        assert retrieval.locator("tbody tr").count() == expected

        search = page.locator(".wb-text-search")
        search.get_by_label("Only people or documents with").select_option("role")
        search.get_by_label("Value", exact=True).select_option("carer")
        search.get_by_label("Words to find", exact=True).focus()
        page.keyboard.type("phone")
        page.keyboard.press("Enter")
        page.wait_for_selector(".wb-text-search .wb-status:has-text('hit(s) for')", timeout=15_000)
        carers = search.locator("tbody tr").count()
        assert 0 < carers < hits

        grid = page.locator(".wb-framework-grid")
        grid.locator("[data-row='0'][data-col='0']").focus()
        page.keyboard.press("ArrowDown")
        page.keyboard.press("ArrowRight")
        assert page.evaluate("() => [document.activeElement.dataset.row, document.activeElement.dataset.col]") == ["1", "1"]
        page.keyboard.press("Enter")
        page.wait_for_function("() => document.activeElement && document.activeElement.tagName === 'TEXTAREA'")
        page.keyboard.type("Written in JupyterLab.")
        page.keyboard.press("Control+Enter")
        page.wait_for_selector(".wb-framework .wb-status:has-text('Saved the summary')", timeout=10_000)

        page.locator(".wb-attributes").get_by_label("New attribute", exact=True).focus()
        page.keyboard.type("wave")
        page.keyboard.press("Enter")
        page.wait_for_selector(".wb-attributes .wb-status:has-text('Added the column')", timeout=10_000)
        assert page.evaluate("() => window.jupyterapp.shell.currentWidget.content.widgets.length") == 12  # no cell added
        for selector in WIDGETS:
            assert axe_violations(page, selector) == [], selector
    with Project.open(root / "home-safe.db") as project:
        stored = project.framework_cells().iloc[-1]
    assert (stored["text"], stored["written_by"]) == ("Written in JupyterLab.", "Jo Bennett")
    assert reported == []
