"""Partner mode and the "you said, we did" page in a real Voila server, driven by
headless Chromium (issue 10)."""

import shutil

from workbench import Project

from accessibility import axe_violations
from notebook_pages import drag_select, notebook_with_parameters, wait_applied
from panel_screen import assert_coded_and_confirmed_on_screen
from servers import voila

NOTEBOOK = "notebooks/05_ideas_votes_and_partners.ipynb"


def test_partner_mode_codes_one_code_at_a_time_beside_what_happened_to_ideas(tmp_path, sample_project, page):
    shutil.copy(sample_project, tmp_path / "home-safe.db")
    notebook_with_parameters(NOTEBOOK, tmp_path / "partners.ipynb", PROJECT="home-safe.db", MEMBER="Jo Bennett",
                             ROLE="lived-experience partner", PARTNER_MODE=True, VOTING="")
    with voila(tmp_path, "partners.ipynb") as url:
        page.goto(url, timeout=120_000)  # Voila runs the whole notebook before the page loads
        page.wait_for_selector(".wb-coding-panel.wb-partner[data-document-id] .wb-seg", timeout=90_000)
        panel = page.locator(".wb-coding-panel")
        size = panel.evaluate("el => parseFloat(getComputedStyle(el).fontSize)")
        base = page.evaluate("() => parseFloat(getComputedStyle(document.documentElement).fontSize)")
        assert size >= 1.2 * base  # larger text
        for hidden in ("Show codings", "Kind", "Participants", "Find in text", "Find a code"):
            assert panel.get_by_label(hidden, exact=True).is_hidden(), hidden
        assert "press the button that says what they are about" in panel.locator(".wb-reader .wb-help").inner_text()
        assert panel.locator(".wb-codes h3").first.inner_text() == "What are these words about?"
        everyone = panel.locator(".wb-palette .wb-code").count()
        panel.get_by_label("Show one code at a time").select_option(label="What went well")
        page.wait_for_function("() => document.querySelectorAll('.wb-palette .wb-code').length === 1")
        assert everyone > 10
        phrase = "Thank you ever so much for having me"
        drag_select(page, phrase)
        page.wait_for_timeout(500)
        panel.locator(".wb-palette .wb-code").first.click()
        wait_applied(page, "What went well", phrase)
        assert_coded_and_confirmed_on_screen(page, phrase, 1400, 1000)
        # the same on a laptop, at 200% zoom of it and on a phone: the words and the confirmation on screen
        for (width, height), words in zip(((1280, 800), (640, 400), (390, 844)),
                                          ("Is the chair all right", "This is my chair", "nobody else here to sit in it")):
            page.set_viewport_size({"width": width, "height": height})
            drag_select(page, words)
            page.wait_for_timeout(300)
            panel.locator(".wb-palette .wb-code").first.click()
            wait_applied(page, "What went well", words, timeout=15_000)
            assert_coded_and_confirmed_on_screen(page, words, width, height)
        assert axe_violations(page, ".wb-coding-panel") == []
        page.set_viewport_size({"width": 1400, "height": 1000})
        drag_select(page, "I've got a pendant")
        page.wait_for_timeout(500)  # the browser reports a new selection a moment after the mouse is released
        panel.get_by_role("button", name="Save the selected words as an idea").click()
        page.wait_for_selector(".wb-coding-panel .wb-status:has-text('as an idea')", timeout=10_000)
        said = page.locator("table:has-text('You said')").first
        assert "We are doing this." in said.inner_text() and "Car park costs a fortune" in said.inner_text()
        assert page.locator("figure.wb-image-story img[alt^='A child-like drawing']").count() == 1
        assert axe_violations(page, ".wb-coding-panel") == []
        # the drawing opened in the panel: the picture beside the story that is coded
        documents = panel.get_by_label("Open a document")
        documents.select_option(value=documents.locator("option", has_text="Drawing: the way home").get_attribute("value"))
        picture = panel.locator(".wb-doc-image img[alt^='A child-like drawing']")
        picture.wait_for(timeout=10_000)
        page.wait_for_function("() => document.querySelector('.wb-coding-panel .wb-text').textContent"
                               ".includes('I drew my house')")
        image_box, story_box = picture.bounding_box(), panel.locator(".wb-text").bounding_box()
        assert image_box["width"] > 50 and image_box["x"] + image_box["width"] <= story_box["x"] + 1  # beside
        assert abs(image_box["y"] - story_box["y"]) < image_box["height"]
        assert axe_violations(page, ".wb-coding-panel") == []
    with Project.open(tmp_path / "home-safe.db") as project:
        codings = project.codings()
        ideas = project.ideas()
    mine = codings[(codings["member"] == "Jo Bennett") & (codings["text"] == phrase)]
    assert mine[["code", "role"]].values.tolist() == [["What went well", "lived-experience partner"]]
    assert ideas.iloc[-1][["text", "proposed_by", "status"]].tolist() == ["I've got a pendant", "Jo Bennett", "new"]


def test_a_facilitator_places_each_members_dots_on_one_screen(tmp_path, sample_project, page):
    shutil.copy(sample_project, tmp_path / "home-safe.db")
    with Project.open(tmp_path / "home-safe.db", member="Chris Lee", role="facilitator") as project:
        project.start_voting("Round 2", dots=2, mode="facilitated")
    notebook_with_parameters(NOTEBOOK, tmp_path / "vote.ipynb", PROJECT="home-safe.db", MEMBER="Chris Lee",
                             ROLE="facilitator", PARTNER_MODE=False, VOTING="Round 2")
    with voila(tmp_path, "vote.ipynb") as url:
        page.goto(url, timeout=120_000)  # Voila runs the whole notebook before the page loads
        voting = page.locator(".wb-dot-vote")
        voting.wait_for(timeout=90_000)
        voting.get_by_label("Placing dots for").select_option(label="Jo Bennett (lived-experience partner)")
        page.wait_for_function("() => document.querySelector('.wb-dots-left').textContent.startsWith('Jo Bennett has 2 dots')")
        place = voting.get_by_role("button", name="Place a dot on The first week at home")
        place.click()
        page.wait_for_selector(".wb-dots-left:has-text('Jo Bennett has 1 dot left')")
        place.click()
        page.wait_for_selector(".wb-dots-left:has-text('Jo Bennett has 0 dots left')")
        assert place.is_disabled()
        results = voting.locator("table.wb-vote-results")
        assert "The first week at home" in results.inner_text() and "2 from lived-experience partner" in results.inner_text()
        assert "placed a dot" in voting.locator(".wb-status").inner_text()
        assert axe_violations(page, ".wb-dot-vote") == []
    with Project.open(tmp_path / "home-safe.db") as project:
        votes = project.votes("Round 2")
        cast = project.events().query("action == 'vote.cast'").tail(2)
    assert votes[["member", "role", "target", "dots"]].values.tolist() == [
        ["Jo Bennett", "lived-experience partner", "The first week at home", 1]] * 2
    assert [d["entered_by"] for d in cast["details"]] == ["Chris Lee", "Chris Lee"]


def test_a_partner_codes_a_sticky_note_on_the_board_from_the_keyboard(tmp_path, sample_project, page):
    shutil.copy(sample_project, tmp_path / "home-safe.db")
    with Project.open(tmp_path / "home-safe.db") as project:
        first_cluster = project.board("board")["cluster"].value_counts(sort=False)
    notebook_with_parameters(NOTEBOOK, tmp_path / "board.ipynb", PROJECT="home-safe.db", MEMBER="Jo Bennett",
                             ROLE="lived-experience partner", PARTNER_MODE=True, VOTING="")
    with voila(tmp_path, "board.ipynb") as url:
        page.goto(url, timeout=120_000)  # Voila runs the whole notebook before the page loads
        board = page.locator(".wb-sticky-board")
        board.wait_for(timeout=90_000)
        assert board.locator(".wb-board-column h4").first.inner_text() == f"{first_cluster.index[0]} ({first_cluster.iloc[0]})"
        note = board.locator(".wb-note", has_text="Pharmacist to sit down + go through meds")
        assert "Not coded yet" in note.inner_text() and "green note" in note.inner_text()
        note.get_by_label("Code for the note “Pharmacist to sit down + go through meds”").focus()
        page.keyboard.press("ArrowDown")  # the first code
        chosen = page.evaluate("() => document.activeElement.selectedOptions[0].textContent")
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        page.wait_for_selector(f".wb-sticky-board .wb-status:has-text('Applied “{chosen}”')", timeout=10_000)
        page.wait_for_function("([code]) => [...document.querySelectorAll('.wb-sticky-board .wb-note')].some("
                               "n => n.textContent.includes('Pharmacist to sit down') && n.textContent.includes("
                               "'Codes: ' ) && n.textContent.includes(code))", arg=[chosen])
        assert page.evaluate("() => document.activeElement.textContent") == "Apply"  # the keyboard keeps its place
        assert axe_violations(page, ".wb-sticky-board") == []
    with Project.open(tmp_path / "home-safe.db") as project:
        codings = project.codings()
    on_note = codings[codings["text"] == "Pharmacist to sit down + go through meds"]
    assert on_note[["code", "member", "role"]].values.tolist() == [[chosen, "Jo Bennett", "lived-experience partner"]]
