"""The coding panel in real JupyterLab and Voila servers, driven by headless Chromium."""

import shutil
import time
import uuid

import pytest

from workbench import Project

from accessibility import axe_violations
from notebook_pages import (drag_select, keyboard_select, notebook_with_parameters, run_in_lab, selected_text,
                            wait_applied, wait_for_panel)
from panel_screen import assert_coded_and_confirmed_on_screen
from servers import jupyter_lab, voila

NOTEBOOK = "notebooks/02_joint_coding.ipynb"


@pytest.fixture(scope="module")
def lab(tmp_path_factory, sample_project):
    root = tmp_path_factory.mktemp("lab")
    shutil.copy(sample_project, root / "home-safe.db")
    with jupyter_lab(root) as (base, token):
        yield root, base, token


def notebook_for(root, member, role="researcher") -> str:
    """A fresh copy of the coding notebook for one member: a kernel of its own, so no
    test meets a panel left over from another."""
    name = f"{(member.split() or ['newcomer'])[0].lower()}-{uuid.uuid4().hex[:6]}.ipynb"
    notebook_with_parameters(NOTEBOOK, root / name, PROJECT="home-safe.db", MEMBER=member, ROLE=role, FACILITATED=False)
    return name


def stored_codings(root, member):
    with Project.open(root / "home-safe.db") as project:
        codings = project.codings()
    return codings[codings["member"] == member]


def code_id(root, name):
    with Project.open(root / "home-safe.db") as project:
        codes = project.codes()
    return int(codes.set_index("name").loc[name, "id"])


def test_mouse_selection_applies_a_code_in_jupyterlab(lab, page):
    root, base, token = lab
    run_in_lab(page, base, token, notebook_for(root, "Jo Bennett", "lived-experience partner"))
    wait_for_panel(page)
    phrase = "Thank you ever so much for having me"
    drag_select(page, phrase)
    assert selected_text(page) == phrase
    page.click(f".wb-code[data-code-id='{code_id(root, 'What went well')}']")
    wait_applied(page, "What went well", phrase)
    stored = stored_codings(root, "Jo Bennett")
    coding = stored[stored["text"] == phrase]
    assert len(coding) == 1
    stripe = page.locator(f".wb-margin .wb-stripe.wb-mine[data-coding='{coding.iloc[0]['id']}']")
    assert stripe.inner_text() == "What went well · JB"  # a label as well as a colour, in the margin
    assert page.locator(".wb-seg-text .wb-stripe").count() == 0  # never inside the sentences
    assert coding.iloc[0]["role"] == "lived-experience partner"
    with Project.open(root / "home-safe.db") as project:
        text = project.document_text("int01_rose")
    assert (coding.iloc[0]["start"], coding.iloc[0]["end"]) == (text.index(phrase), text.index(phrase) + len(phrase))
    assert "Applied" in page.locator(".wb-coding-panel .wb-status").inner_text()
    # the document box finds documents by the words in them, not only by name
    with Project.open(root / "home-safe.db") as project:
        other = project.documents().iloc[1]
        words = " ".join(project.document_text(int(other["id"])).split()[8:11])
        expected = project.document_hits(words)
    assert other["name"] in set(expected["document"])
    page.locator(".wb-coding-panel").get_by_label("Search documents").fill(words.upper())
    page.wait_for_selector(f".wb-coding-panel .wb-doclist option:has-text('{other['name']}'):has-text('the words in')",
                           timeout=10_000)
    assert page.locator(".wb-coding-panel .wb-doclist option").count() == len(expected)
    assert f"is in {len(expected)} document" in page.locator(".wb-coding-panel .wb-docs .wb-help").first.inner_text()
    assert axe_violations(page, ".wb-coding-panel") == []


def test_keyboard_only_coding_in_jupyterlab(lab, page):
    root, base, token = lab
    run_in_lab(page, base, token, notebook_for(root, "Alex Morgan"))
    wait_for_panel(page)
    page.focus(".wb-coding-panel input[type=search]")  # the panel's first control: from here on, keys only
    for _ in range(20):
        if page.evaluate("() => document.activeElement.closest('.wb-find') !== null"):
            break
        page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.closest('.wb-find') !== null"), "Find is not reachable by Tab"
    phrase = "nobody else sits in it"
    keyboard_select(page, "This is my chair, ", phrase)
    assert selected_text(page) == phrase
    first_key = page.locator(".wb-code .wb-key").first.inner_text()
    first_name = page.locator(".wb-code .wb-name").first.inner_text()
    page.keyboard.press(first_key)
    wait_applied(page, first_name, phrase)
    stored = stored_codings(root, "Alex Morgan")
    coding = stored[stored["text"] == phrase]
    assert list(coding["code"]) == [first_name]
    stripe = f".wb-stripe.wb-mine[data-coding='{coding.iloc[0]['id']}']"
    page.wait_for_selector(stripe, timeout=2000)
    focus_ring = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert focus_ring != "none"
    status = page.locator(".wb-coding-panel .wb-status")
    # undo and redo from the keyboard, announced in the live status line
    assert status.get_attribute("aria-live") == "polite"
    page.keyboard.press("Control+z")
    page.wait_for_selector(stripe, state="detached", timeout=10_000)
    assert status.inner_text().startswith("Undone: applying a code")
    assert stored_codings(root, "Alex Morgan")["text"].tolist().count(phrase) == 0
    page.keyboard.press("Control+Shift+z")
    page.wait_for_selector(stripe, timeout=10_000)
    assert status.inner_text().startswith("Redone")
    # longer or shorter by keyboard: end one word on, twice; start one word on
    page.locator(".wb-coding-panel .wb-here").get_by_role("button", name="Change its length").first.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement.classList.contains('wb-text')")
    for key in ("Shift+ArrowRight", "Shift+ArrowRight", "Alt+Shift+ArrowRight"):
        page.keyboard.press(key)
    assert selected_text(page) == "else sits in it. Well,"
    page.keyboard.press("Enter")
    page.wait_for_selector(".wb-coding-panel .wb-status:has-text('now covers')", timeout=10_000)
    stored = stored_codings(root, "Alex Morgan")
    assert stored.loc[stored["id"] == coding.iloc[0]["id"], "text"].tolist() == ["else sits in it. Well,"]
    # the palette by arrow keys: the last code (beyond the number keys), then Enter
    page.focus(".wb-coding-panel .wb-codes input[type=search]")
    count = page.locator(".wb-coding-panel .wb-palette .wb-code").count()
    assert count > 9
    for _ in range(count):
        page.keyboard.press("ArrowDown")
    last = page.evaluate("() => document.activeElement.querySelector('.wb-name').textContent")
    page.keyboard.press("Enter")
    wait_applied(page, last, "else sits in it", timeout=10_000)
    # in-vivo: a new code named by the selected words
    drag_select(page, "nobody else here")
    page.locator(".wb-coding-panel").get_by_role("button", name="New code from the selected words").click()
    page.wait_for_selector(".wb-coding-panel .wb-status:has-text('Added the code “nobody else here”')", timeout=10_000)
    page.wait_for_selector(".wb-coding-panel .wb-palette .wb-code:has-text('nobody else here')")
    # the memos on this document, opened by keyboard (privacy: tests/test_coding_panel_actions.py)
    with Project.open(root / "home-safe.db") as project:
        on_screen = project.memos_on_document(int(page.locator(".wb-coding-panel").get_attribute("data-document-id")))
    shown = on_screen[~on_screen["private"] | (on_screen["member"] == "Alex Morgan")]
    page.keyboard.press("Alt+m")
    page.wait_for_function("() => document.activeElement.closest('.wb-memos[open]') !== null")
    memos = page.locator(".wb-coding-panel .wb-memo")
    assert memos.count() == len(shown) and len(shown) > 0
    assert [memos.nth(i).locator(".wb-memo-text").text_content() for i in range(len(shown))] == shown["text"].tolist()
    assert axe_violations(page, ".wb-coding-panel") == []


def test_two_members_see_each_others_codings_within_two_seconds(lab, browser):
    root, base, token = lab
    pages = [browser.new_context(viewport={"width": 1400, "height": 1000}).new_page() for _ in range(2)]
    try:
        notebooks = (notebook_for(root, "Alex Morgan"), notebook_for(root, "Jo Bennett", "lived-experience partner"))
        for opened, notebook in zip(pages, notebooks):
            run_in_lab(opened, base, token, notebook)
            wait_for_panel(opened)
        alex, jo = pages
        new = {}
        for opened, member, phrase, code in ((alex, "Alex Morgan", "It made all the difference", "What went well"),
                                             (jo, "Jo Bennett", "I hope my writing was all right", "Medicines")):
            drag_select(opened, phrase)
            opened.click(f".wb-code[data-code-id='{code_id(root, code)}']")
            wait_applied(opened, code, phrase)
            stored = stored_codings(root, member)
            new[member] = int(stored.loc[stored["text"] == phrase, "id"].iloc[0])
        started = time.monotonic()
        jo.wait_for_selector(f".wb-stripe:not(.wb-mine)[data-coding='{new['Alex Morgan']}']", timeout=2000)
        alex.wait_for_selector(f".wb-stripe:not(.wb-mine)[data-coding='{new['Jo Bennett']}']", timeout=2000)
        assert time.monotonic() - started < 2.0
        # Jo's own selection and scroll position survive the update
        assert selected_text(jo) == "I hope my writing was all right"
        assert jo.evaluate("() => document.querySelector('.wb-coding-panel .wb-text').scrollTop") > 0
    finally:
        for opened in pages:
            opened.context.close()


def test_a_newcomer_says_who_they_are_first(lab, page, tmp_path):
    root, base, token = lab
    run_in_lab(page, base, token, notebook_for(root, "", "lived-experience partner"))
    page.wait_for_selector(".wb-coding-panel .wb-who:not([hidden])", timeout=90_000)
    page.get_by_label("Your name").fill("Morgan Ellis")
    page.get_by_label("Your role").select_option("lived-experience partner")
    page.get_by_role("button", name="Start coding").click()
    page.wait_for_selector(".wb-coding-panel .wb-me:has-text('Morgan Ellis (lived-experience partner)')")
    wait_for_panel(page)
    drag_select(page, "Is the chair all right")
    page.click(f".wb-code[data-code-id='{code_id(root, 'Getting home')}']")
    wait_applied(page, "Getting home", "Is the chair all right")
    stored = stored_codings(root, "Morgan Ellis")
    assert list(stored["role"]) == ["lived-experience partner"]


def test_the_same_panel_works_in_voila(tmp_path, sample_project, page):
    shutil.copy(sample_project, tmp_path / "home-safe.db")
    notebook_with_parameters(NOTEBOOK, tmp_path / "panel.ipynb", PROJECT="home-safe.db", MEMBER="Sam Reid",
                             ROLE="researcher", FACILITATED=False)
    with voila(tmp_path, "panel.ipynb") as url:
        page.goto(url)
        wait_for_panel(page)
        drag_select(page, "Are you comfortable there")
        page.click(f".wb-code[data-code-id='{code_id(tmp_path, 'Getting home')}']")
        wait_applied(page, "Getting home", "Are you comfortable there")
        assert axe_violations(page, ".wb-coding-panel") == []
    stored = stored_codings(tmp_path, "Sam Reid")
    assert (stored["text"] == "Are you comfortable there").sum() == 1


def test_codebook_editor_in_jupyterlab(lab, page):
    root, base, token = lab
    run_in_lab(page, base, token, notebook_for(root, "Priya Shah", "lived-experience partner"))
    wait_for_panel(page)
    editor = page.locator(".wb-codebook")
    editor.get_by_role("button", name="Getting home").click()
    editor.get_by_role("form", name="Edit the chosen code").get_by_label("What it means, in plain words").fill("How people get home: transport, lifts, <b>taxis</b>.")
    editor.get_by_label("vermillion").check()
    editor.get_by_role("button", name="Save changes").click()
    page.wait_for_function("() => document.querySelector('.wb-codebook .wb-status').textContent.includes('Saved')")
    with Project.open(root / "home-safe.db") as project:
        code = project.codes().set_index("name").loc["Getting home"]
        events = project.events()
    assert code["definition"] == "How people get home: transport, lifts, <b>taxis</b>."
    assert code["colour"] == "#D55E00"
    assert events.iloc[-1]["actor"] == "Priya Shah" and events.iloc[-1]["role"] == "lived-experience partner"
    assert axe_violations(page, ".wb-codebook") == []


def test_panel_at_200_percent_text_keeps_every_control(lab, browser):
    """200% zoom on a 1400 px window leaves 700 CSS pixels: nothing may be cut off,
    and every target stays at least 24 x 24 px. Then at 1280x800, at 200% zoom of it
    (640x400) and on a phone (390x844): after applying a code, the highlighted words and
    the confirmation are both on screen."""
    root, base, token = lab
    context = browser.new_context(viewport={"width": 700, "height": 900})
    page = context.new_page()
    try:
        run_in_lab(page, base, token, notebook_for(root, "Sam Reid"))
        wait_for_panel(page)
        problems = page.evaluate("""() => {
            const panel = document.querySelector('.wb-coding-panel');
            const edge = Math.min(panel.getBoundingClientRect().right, window.innerWidth) + 1;
            const out = [];
            for (const control of panel.querySelectorAll('button, select, input, textarea, summary')) {
                if (control.closest('[hidden]') || control.closest('details:not([open])') && control.tagName !== 'SUMMARY') continue;
                const box = control.getBoundingClientRect();
                if (box.right > edge) out.push(`cut off: ${control.outerHTML.slice(0, 60)}`);
                if (box.width < 24 || box.height < 24) out.push(`too small: ${control.outerHTML.slice(0, 60)} ${box.width}x${box.height}`);
            }
            return out;
        }""")
        assert problems == []
        assert axe_violations(page, ".wb-coding-panel") == []
        last_code = page.locator(".wb-coding-panel .wb-palette .wb-code").last  # the one furthest from the text
        name = last_code.locator(".wb-name").text_content()
        for (width, height), phrase in zip(((1280, 800), (640, 400)), ("Thank you ever so much", "Is the chair all right")):
            page.set_viewport_size({"width": width, "height": height})
            drag_select(page, phrase)
            last_code.click()
            wait_applied(page, name, phrase, timeout=15_000)
            assert_coded_and_confirmed_on_screen(page, phrase, width, height)
        assert axe_violations(page, ".wb-coding-panel") == []
    finally:
        context.close()


def test_offsets_and_markup_survive_the_trip_to_the_browser(tmp_path, page):
    """Emoji (two UTF-16 units), a combining accent, Arabic and HTML in the transcript:
    a mouse selection after them is stored as exactly the words selected, and the
    HTML shows as characters, never runs."""
    transcript = ("[00:00:01] Rose: The pills 💊💊 were late; the cafe\u0301 was shut.\n"
                  "[00:00:05] Amal: كان الانتظار طويلا جدا <img src=x onerror=alert(1)> said the letter\n"
                  "[00:00:09] Rose: After the emoji comes this phrase to code.\n").encode()
    with Project.create(tmp_path / "tricky.db", member="Sam Reid") as project:
        project.import_bytes(transcript, "tricky.txt")
        project.add_code("Waiting")
    notebook_with_parameters(NOTEBOOK, tmp_path / "panel.ipynb", PROJECT="tricky.db", MEMBER="Sam Reid",
                             ROLE="researcher", FACILITATED=False)
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    with voila(tmp_path, "panel.ipynb") as url:
        page.goto(url)
        wait_for_panel(page)
        assert "<img src=x onerror=alert(1)>" in page.locator(".wb-coding-panel .wb-text").inner_text()
        assert page.locator(".wb-coding-panel .wb-text img").count() == 0
        for phrase in ("this phrase to code", "was shut", "طويلا جدا"):
            drag_select(page, phrase)
            assert selected_text(page) == phrase
            page.click(".wb-coding-panel .wb-code")
            wait_applied(page, "Waiting", phrase)
    with Project.open(tmp_path / "tricky.db") as project:
        stored = set(project.codings()["text"])
    assert stored == {"this phrase to code", "was shut", "طويلا جدا"}
    assert dialogs == []
