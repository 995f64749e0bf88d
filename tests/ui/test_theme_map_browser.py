"""The ThemeMap widget (issue 14) in Voila, driven by headless Chromium from the keyboard
alone: the team makes a theme from chosen codes, moves a code and writes the central
idea; a partner reviews a theme ("missing something" with a comment) and pages on through
a long list of themes; axe-core clean."""

import nbformat

from workbench import Project

from accessibility import axe_violations
from servers import voila

TRANSCRIPT = ("[00:00:01] Rose: I waited all day and nobody rang me.\n"
              "[00:00:05] Rose: The ramp was left folded in the hall.\n").encode()


def _notebook(path, **parameters):
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell("\n".join(f"{k} = {v!r}" for k, v in parameters.items())),
                      nbformat.v4.new_code_cell(
                          "from workbench import Project\nfrom workbench.widgets import ThemeMap\n"
                          "ThemeMap(Project.open(PROJECT), member=MEMBER, role=ROLE, partner_mode=PARTNER)")]
    nbformat.write(notebook, path)


def _study(path):
    with Project.create(path, member="Alex Morgan", role="researcher") as project:
        project.import_bytes(TRANSCRIPT, "rose.txt")
        text = project.document_text("rose")
        for code, words in (("Waiting", "waited all day"), ("No call", "nobody rang me"), ("Ramp", "ramp was left")):
            project.add_code(code)
            start = text.index(words)
            project.apply_code("rose", code, start, start + len(words))
        project.add_theme("Home not ready", codes=[])


def _press_on(page, locator, key="Space"):
    locator.focus()
    page.keyboard.press(key)


def test_team_builds_the_map_by_keyboard_and_a_partner_reviews_it(tmp_path, page):
    _study(tmp_path / "study.db")
    _notebook(tmp_path / "team.ipynb", PROJECT="study.db", MEMBER="Alex Morgan", ROLE="researcher", PARTNER=False)
    with voila(tmp_path, "team.ipynb") as url:
        page.goto(url, timeout=120_000)
        widget = page.locator(".wb-theme-map")
        widget.wait_for(timeout=90_000)
        widget.get_by_label("Theme name").focus()
        page.keyboard.type("Left alone")
        _press_on(page, widget.get_by_label("Waiting", exact=True))
        page.keyboard.press("Tab")  # to the next code's checkbox
        page.keyboard.press("Space")
        _press_on(page, widget.get_by_label("Ramp", exact=True))
        _press_on(page, widget.get_by_role("button", name="Make the theme"), "Enter")
        page.wait_for_selector(".wb-theme-map .wb-status:has-text('Made the theme')", timeout=10_000)
        card = widget.locator(".wb-theme[data-theme='Left alone']")
        assert card.locator(".wb-theme-code").count() == 3
        move = card.get_by_label("Move Ramp to")
        move.focus()
        page.keyboard.press("ArrowDown")  # the only other theme is already chosen; keeps it
        _press_on(page, card.get_by_role("button", name="Move Ramp"), "Enter")
        page.wait_for_selector(".wb-theme-map .wb-status:has-text('Moved')", timeout=10_000)
        # the moved code's button went with it: the keyboard lands on the map's heading, not lost on the page
        assert page.evaluate("() => document.activeElement.classList.contains('wb-theme-title')")
        summary = card.get_by_label("Central idea of Left alone")
        summary.focus()
        page.keyboard.type("Nobody owns the first week <b>at home</b>.")
        _press_on(page, card.get_by_role("button", name="Save the central idea"), "Enter")
        page.wait_for_selector(".wb-theme-map .wb-status:has-text('Saved the summary')", timeout=10_000)
        assert page.evaluate("() => document.activeElement.textContent") == "Save the central idea"  # keeps its place
        assert widget.locator("b").count() == 0  # user text is text
        assert axe_violations(page, ".wb-theme-map") == []
    with Project.open(tmp_path / "study.db") as project:
        themes = project.themes().set_index("name")
    assert themes.loc["Left alone", "codes"] == ["Waiting", "No call"]
    assert themes.loc["Home not ready", "codes"] == ["Ramp"]
    assert themes.loc["Left alone", "summary"] == "Nobody owns the first week <b>at home</b>."

    with Project.open(tmp_path / "study.db") as project:
        for number in range(99):  # 101 themes to review: two pages of 100
            project.as_member("Alex Morgan", "researcher").add_theme(f"Later theme {number}")
    _notebook(tmp_path / "partner.ipynb", PROJECT="study.db", MEMBER="Jo Bennett", ROLE="lived-experience partner",
              PARTNER=True)
    with voila(tmp_path, "partner.ipynb") as url:
        page.goto(url, timeout=120_000)
        widget = page.locator(".wb-theme-map")
        widget.wait_for(timeout=90_000)
        card = widget.locator(".wb-theme[data-theme='Left alone']")
        assert "Nobody owns the first week <b>at home</b>." in card.locator(".wb-theme-summary").inner_text()
        assert card.locator(".wb-theme-quotes q").count() == 2
        assert widget.get_by_role("button", name="Make the theme").count() == 0
        _press_on(page, card.get_by_label("missing something"))
        card.get_by_label("What fits, what does not, or what is missing (optional)").focus()
        page.keyboard.type("The evenings were the worst.")
        _press_on(page, card.get_by_role("button", name="Send my view of Left alone"), "Enter")
        page.wait_for_selector(".wb-theme-map .wb-status:has-text('your view')", timeout=10_000)
        assert "missing something: 1" in card.locator(".wb-theme-tally").inner_text()
        assert axe_violations(page, ".wb-theme-map") == []
        assert widget.locator(".wb-theme").count() == 100
        _press_on(page, widget.get_by_role("button", name="Next page"), "Enter")
        page.wait_for_selector(".wb-theme-map .wb-help:has-text('Page 2 of 2')", timeout=10_000)
        assert widget.locator(".wb-theme").count() == 1
        assert widget.locator(".wb-theme[data-theme='Later theme 98']").count() == 1
        assert axe_violations(page, ".wb-theme-map") == []
    with Project.open(tmp_path / "study.db") as project:
        response = project.theme_responses("Left alone").iloc[0]
    assert (response["member"], response["role"], response["verdict"], response["comment"]) == (
        "Jo Bennett", "lived-experience partner", "missing something", "The evenings were the worst.")
