"""Hostile text in every widget and plot hover, in a real Voila page in headless
Chromium (issue 9): no dialog, no script run, the text shown literally."""

from contextlib import contextmanager

import nbformat

from payloads import MARK, PAYLOADS, SHORT, payload_project
from servers import voila

SETUP = ("import ipywidgets as widgets\n"
         "from workbench import Project\n"
         "from workbench.widgets import AgreementView, AttributesTable, CodebookEditor, CodingPanel, TextSearch, "
         "TopicExplorer\n"
         "from workbench.widgets.findings_dashboard import plotly_output\n"
         "from workbench.figures import overview, topics\n"
         "project = Project.open('hostile.db')")
WIDGETS = [
    SETUP,
    "CodingPanel(project, member='Alex Morgan', document='payloads')",
    "CodebookEditor(project, member='Alex Morgan')",
    "AgreementView(project, member='Alex Morgan')",
    "TopicExplorer(project, member='Alex Morgan', warm_up=False)",
    # an attribute named and valued with payloads, beside the payload pseudonyms (issue 13)
    f"project.as_member('Alex Morgan').set_attributes({{'Rose': {{{SHORT[5]!r}: {SHORT[1]!r}}}}})\n"
    "AttributesTable(project, member='Alex Morgan')",
    "search = TextSearch(project, member='Alex Morgan')\nsearch.run('script')\nsearch",
]
# The figures on a page of their own: starting plotly.js holds the page for ~2 s on these
# machines, and anywidget gives up on a widget whose model has not loaded within 2 s.
FIGURES = [
    SETUP,
    "figures = widgets.Output()\n"
    "figures.outputs = (plotly_output(overview.codings_by_code(project.codings())),\n"
    "                   plotly_output(topics.topic_map(project.topic_assignments())))\n"
    "figures",
]

LIVE_MARKUP = """() => [...document.querySelectorAll(
    "img[src='x'], svg[onload], iframe, a[href^='javascript'], [onerror], [onload]")].map(e => e.outerHTML.slice(0, 80))"""


@contextmanager
def hostile_page(tmp_path, page, cells):
    """A Voila page of `cells` on the payload project; no dialog, script or maths on it."""
    payload_project(tmp_path / "hostile.db").close()
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source) for source in cells])
    nbformat.write(notebook, tmp_path / "hostile.ipynb")
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    with voila(tmp_path, "hostile.ipynb") as url:
        page.goto(url)
        yield
        assert page.evaluate(LIVE_MARKUP) == []
        assert page.evaluate(f"() => typeof {MARK}") == "undefined"
        assert page.locator(".MathJax, mjx-container").count() == 0
    assert dialogs == []


def test_payloads_show_literally_and_never_run(tmp_path, page):
    with hostile_page(tmp_path, page, WIDGETS):
        page.wait_for_selector(".wb-coding-panel[data-document-id] .wb-seg", timeout=90_000)
        for selector in (".wb-codebook", ".wb-agree table", ".wb-topics"):
            page.wait_for_selector(selector, timeout=60_000)
        text = page.locator(".wb-coding-panel .wb-text").inner_text()
        assert all(payload in text for payload in PAYLOADS[:-1])  # the long line is there too, but wrapped
        assert PAYLOADS[-1][-30:] in text
        assert SHORT[0] in page.locator(".wb-codebook").inner_text()
        assert SHORT[1] in page.locator(".wb-agree:not(.wb-topics)").inner_text()  # a member's name
        assert SHORT[2] in page.locator(".wb-topics").inner_text()  # a topic label
        page.wait_for_selector(".wb-attributes tbody td", timeout=60_000)
        page.wait_for_selector(".wb-text-search tbody tr", timeout=60_000)
        assert SHORT[0] in page.locator(".wb-attributes tbody").inner_text()  # a pseudonym
        assert SHORT[5] in page.locator(".wb-attributes thead").inner_text()  # an attribute's name
        assert SHORT[1] in page.locator(".wb-attributes tbody").inner_text()  # its value
        assert SHORT[0] in page.locator(".wb-text-search tbody").inner_text().replace("\t", "")  # words around a hit


def test_payloads_in_plot_hover_and_ticks_show_literally(tmp_path, page):
    with hostile_page(tmp_path, page, FIGURES):
        page.wait_for_selector(".js-plotly-plot .point", timeout=90_000)
        for plot in range(page.locator(".js-plotly-plot").count()):
            point = page.locator(".js-plotly-plot").nth(plot).locator(".point").first
            point.scroll_into_view_if_needed()
            point.hover(force=True)
            page.wait_for_timeout(300)
        hover = [label or "" for label in page.locator(".hoverlayer").all_text_contents()]
        assert any("<" in label for label in hover), hover  # hover shows the markup as text
        ticks = " ".join(page.locator(".js-plotly-plot .ytick").all_text_contents())
        assert "<script>" in ticks and "$\\href" in ticks


def test_payloads_in_a_published_dashboard_show_literally_and_never_run(tmp_path, page):
    import pytest

    from workbench.publish.serve import dashboard_command

    from servers import _server, free_port, voila_probe

    with payload_project(tmp_path / "hostile.db") as project:
        project.publish(tmp_path / "published")
    port = free_port()
    command = dashboard_command(tmp_path / "published", port=port)
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("JUPYTER_PATH", command.env["JUPYTER_PATH"])
        with _server(command.argv, tmp_path / "published", voila_probe(f"http://127.0.0.1:{port}"), port):
            page.goto(f"http://127.0.0.1:{port}/")
            page.wait_for_selector(".wb-section-quotes blockquote", timeout=90_000)
            page.wait_for_selector(".js-plotly-plot .main-svg", state="attached", timeout=30_000)
            quotes = page.locator(".wb-section-quotes").inner_text()
            assert PAYLOADS[0] in quotes or PAYLOADS[1] in quotes, quotes[:300]
            ticks = " ".join(page.locator(".js-plotly-plot .ytick").all_text_contents())
            assert "<script>" in ticks
            themes = page.locator(".wb-section-found").inner_text()  # the themes: names and central ideas as text
            assert SHORT[0] in themes and PAYLOADS[1] in themes and PAYLOADS[4] in themes
            page.wait_for_selector(".wb-section-map .treemaplayer", state="attached", timeout=30_000)
            assert SHORT[0] in page.locator(".wb-section-map .wb-alternative").inner_text()
            assert page.evaluate(LIVE_MARKUP) == []
            assert page.evaluate(f"() => typeof {MARK}") == "undefined"
    assert dialogs == []
