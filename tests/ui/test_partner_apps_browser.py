"""A partner page as an app (issue 18), served as `workbench partners` serves it (Voila,
hardened) and driven by headless Chromium: no code on the page, the name asked once and
chosen from the team's list with the role shown, and a dot placed by that member stored
with their name; axe-core clean."""

import shutil

import pytest

from workbench import Project
from workbench.publish.serve import partner_page_command
from workbench.widgets.partner_apps import PROJECT_VARIABLE

from accessibility import axe_violations
from servers import _server, free_port, voila_probe


def test_the_voting_page_asks_once_from_the_list_and_stores_the_dot(tmp_path, sample_project, page):
    shutil.copy(sample_project, tmp_path / "home-safe.db")
    with Project.open(tmp_path / "home-safe.db", member="Chris Lee") as project:
        project.start_voting("Our priorities", dots=2, mode="individual")
        members = project.members()
    people = members[~members["role"].isin(["machine", "consensus"])]
    port = free_port()
    command = partner_page_command(str(tmp_path / "home-safe.db"), "voting", tmp_path / "serve", port=port,
                                   VOTING="Our priorities")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("JUPYTER_PATH", command.env["JUPYTER_PATH"])
        patch.setenv(PROJECT_VARIABLE, command.env[PROJECT_VARIABLE])
        patch.delenv("JUPYTERHUB_USER", raising=False)
        with _server(command.argv, command.cwd, voila_probe(f"http://127.0.0.1:{port}"), port):
            page.goto(f"http://127.0.0.1:{port}/", timeout=120_000)
            who = page.locator(".wb-who")
            who.wait_for(timeout=90_000)
            body = page.locator("body").inner_text()
            assert "partner_page" not in body and "PROJECT" not in body  # no code shown
            shown_code = page.evaluate("() => [...document.querySelectorAll("
                                       "'.jp-CodeCell .jp-InputArea, .cm-editor, .jp-InputArea pre')]"
                                       ".filter((el) => el.offsetHeight > 0 && el.textContent.trim())"
                                       ".map((el) => el.outerHTML.slice(0, 300))")
            assert shown_code == []
            assert page.locator("h1:has-text('Place your dots')").count() == 1  # the title is shown
            assert page.locator(".wb-dot-vote").count() == 0  # nothing to work with before the name
            assert page.locator("input[type='text'], input:not([type]), textarea").count() == 0  # never typed
            picker = who.get_by_label("Your name")
            labels = picker.locator("option").all_inner_texts()
            assert labels[1:] == [f"{n} ({r})" for n, r in zip(people["name"], people["role"])]
            picker.select_option(label="Jo Bennett (lived-experience partner)")
            assert who.locator(".wb-who-role").inner_text() == "Role: lived-experience partner"
            assert axe_violations(page, ".wb-who") == []
            who.get_by_role("button", name="Start").click()
            vote = page.locator(".wb-dot-vote")
            vote.wait_for(timeout=20_000)
            # the page's widgets may draw a moment before the chooser hears who was chosen
            page.wait_for_selector(".wb-who-working:has-text('You are working as Jo Bennett')", timeout=10_000)
            working = who.locator(".wb-who-working").inner_text()
            assert working == "You are working as Jo Bennett, lived-experience partner."
            assert page.locator(".wb-who-list").is_hidden()  # asked once
            assert page.get_by_label("Your name").count() == 1  # and by no other widget on the page
            assert "Jo Bennett has 2 dots left" in vote.inner_text()
            vote.get_by_role("button", name="Place a dot").first.click()
            page.wait_for_selector(".wb-dot-vote .wb-dots-left:has-text('1 dot left')", timeout=10_000)
            assert axe_violations(page, ".wb-partner-page") == []
    with Project.open(tmp_path / "home-safe.db") as project:
        votes = project.votes("Our priorities")
    assert votes["member"].tolist() == ["Jo Bennett"]
