"""The "you said, we did" page on a published snapshot of the sample study, served by
`workbench dashboard --page ideas`'s own Voila command on 127.0.0.1 and driven by
headless Chromium: every idea with what happened to it in words, the filter works from
the keyboard, nothing comes from outside, and axe-core finds nothing serious."""

import shutil

import pytest

from workbench import Project
from workbench.publish.serve import dashboard_command

from accessibility import axe_violations
from servers import _server, free_port, voila_probe


@pytest.fixture(scope="module")
def served(tmp_path_factory, sample_project):
    root = tmp_path_factory.mktemp("ideas-page")
    shutil.copy(sample_project, root / "home-safe.db")
    with Project.open(root / "home-safe.db", member="Alex Morgan") as project:
        project.capture_idea("<img src=x onerror=alert(1)> a quieter ward at night", proposed_by="Jo Bennett")
        ideas = project.ideas()
        project.publish(root / "published")
    port = free_port()
    command = dashboard_command(root / "published", port=port, page="ideas")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("JUPYTER_PATH", command.env["JUPYTER_PATH"])
        with _server(command.argv, root / "published", voila_probe(f"http://127.0.0.1:{port}"), port):
            yield f"http://127.0.0.1:{port}/", ideas


def test_partners_read_what_happened_to_each_idea_and_filter_by_keyboard(served, page):
    url, ideas = served
    outside, dialogs = [], []
    page.on("request", lambda request: outside.append(request.url)
            if not request.url.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:")) else None)
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(url)
    page.wait_for_selector(".wb-you-said .wb-idea", timeout=90_000)
    cards = page.locator(".wb-you-said .wb-idea")
    assert cards.count() == len(ideas)
    assert page.locator("h1").first.inner_text() == "You said, we did"
    body = page.locator(".wb-you-said").inner_text()
    assert "We are doing this." in body and "Parking charges are set by the hospital trust" in body
    assert "<img src=x onerror=alert(1)> a quieter ward at night" in body  # shown as words, never run
    assert page.locator(".wb-you-said img").count() == 0 and dialogs == []
    assert "Jo Bennett" not in " ".join(cards.all_inner_texts()).replace("Who is taking it forward: Jo Bennett", "")
    assert axe_violations(page, "body") == []

    show = page.get_by_label("Show")
    show.focus()
    page.keyboard.press("ArrowDown")  # the first state after "All ideas": ideas we are doing
    page.wait_for_function("() => document.querySelector('.wb-you-said h2').textContent.startsWith("
                           "'Ideas where: We are doing this.')", timeout=20_000)
    doing = (ideas["status"] == "taken forward").sum()
    assert cards.count() == doing
    assert all("We are doing this." in text for text in cards.all_inner_texts())
    focus_ring = page.evaluate("() => [document.activeElement.tagName, document.activeElement.matches(':focus-visible'),"
                               " getComputedStyle(document.activeElement).outlineStyle]")
    assert focus_ring == ["SELECT", True, "solid"], focus_ring
    assert outside == []  # nothing from a CDN
    assert axe_violations(page, "body") == []
