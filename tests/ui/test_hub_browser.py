"""The team server in the browser (issue 17): two people sign in to a real JupyterHub
(proxy and PostgreSQL on loopback), each gets their own Voila page, codes a passage as
who they signed in as, and sees the other's coding within 2 s; on the same page the
partner says a theme fits and places a dot, stored as them; the sign-in page and the
whole partners' page are axe-clean."""

from __future__ import annotations

import time

import pytest

from accessibility import axe_violations
from hub_helpers import PASSWORD, approve, running_hub, sign_in, sign_up
from notebook_pages import drag_select, wait_applied, wait_for_panel
from workbench.project import Project

TRANSCRIPT = ("Interviewer: How was the clinic?\n"
              "Sam: I felt rushed by the clinic and nobody listened to what I said about the stairs.\n")
PEOPLE = {"sam": ("Sam Partner", "lived-experience partner"), "rui": ("Rui Tan", "researcher")}
THEME, VOTING = "Hurried care", "What matters most"


@pytest.fixture
def team_hub(postgres_url, tmp_path):
    with Project.create(postgres_url, member="Alex Morgan") as lead:
        lead.import_bytes(TRANSCRIPT.encode(), "visit.txt")
        lead.add_code("Feeling rushed")
        lead.add_code("Not heard")
        lead.add_theme(THEME, codes=["Feeling rushed"], summary="Appointments feel hurried.")
        lead.start_voting(VOTING, dots=2, mode="individual")
        for hub_user, (name, role) in PEOPLE.items():
            lead.set_access(name, "member", role=role, hub_user=hub_user)
    with running_hub(postgres_url, tmp_path / "hub") as (base, _folder):
        for name in ("alex", *PEOPLE):
            sign_up(base, name)
        lead_session, _ = sign_in(base, "alex")
        for name in PEOPLE:
            approve(base, lead_session, name)
        yield base, postgres_url


def sign_in_in_browser(page, base: str, name: str) -> None:
    page.goto(f"{base}/hub/login")
    page.fill("input[name=username]", name)
    page.fill("input[name=password]", PASSWORD)
    page.press("input[name=password]", "Enter")


def code_id(project_url: str, name: str) -> int:
    with Project.open(project_url) as project:
        codes = project.codes()
    return int(codes.loc[codes["name"] == name, "id"].iloc[0])


def test_two_signed_in_people_code_on_their_own_pages_and_see_each_other(team_hub, browser):
    base, project_url = team_hub
    pages = {name: browser.new_context(viewport={"width": 1400, "height": 1000}).new_page() for name in PEOPLE}
    try:
        sam, rui = pages["sam"], pages["rui"]
        sam.goto(f"{base}/hub/login")
        assert axe_violations(sam) == []
        for name, opened in pages.items():
            sign_in_in_browser(opened, base, name)
        for opened in pages.values():
            wait_for_panel(opened, timeout=240_000)
        assert "/user/sam/voila/render/coding.ipynb" in sam.url
        assert axe_violations(sam, ".wb-coding-panel") == []
        assert sam.locator(".wb-coding-panel .wb-who:not([hidden])").count() == 0  # nobody is asked who they are
        new = {}
        for opened, phrase, code in ((sam, "nobody listened", "Not heard"), (rui, "felt rushed", "Feeling rushed")):
            drag_select(opened, phrase)
            opened.click(f".wb-code[data-code-id='{code_id(project_url, code)}']")
            wait_applied(opened, code, phrase)
        with Project.open(project_url) as project:
            stored = project.codings()
            events = project.events().query("action == 'coding.apply'")
        assert dict(zip(stored["code"], stored["member"])) == {"Not heard": "Sam Partner", "Feeling rushed": "Rui Tan"}
        assert dict(zip(events["actor"], events["role"])) == dict(PEOPLE.values())
        new = dict(zip(stored["member"], stored["id"]))
        started = time.monotonic()
        sam.wait_for_selector(f".wb-chip:not(.wb-mine)[data-coding='{new['Rui Tan']}']", timeout=2000)
        rui.wait_for_selector(f".wb-chip:not(.wb-mine)[data-coding='{new['Sam Partner']}']", timeout=2000)
        assert time.monotonic() - started < 2.0

        review = sam.locator(f".wb-theme-map .wb-theme[data-theme='{THEME}']")  # the same page, further down
        review.get_by_label("fits", exact=True).check()
        review.get_by_role("button", name=f"Send my view of {THEME}").click()
        sam.wait_for_selector(".wb-theme-map .wb-status:has-text('Thank you')", timeout=10_000)
        sam.click(f".wb-dot-vote button[aria-label='Place a dot on {THEME}']")
        sam.wait_for_selector(".wb-dot-vote .wb-dots-left:has-text('1 dot left')", timeout=10_000)
        with Project.open(project_url) as project:
            responses, votes = project.theme_responses(), project.votes(VOTING)
        assert responses[["theme", "verdict", "member", "role"]].values.tolist() == [
            [THEME, "fits", "Sam Partner", "lived-experience partner"]]
        assert votes[["member", "role"]].values.tolist() == [["Sam Partner", "lived-experience partner"]]
        assert axe_violations(sam) == []
    finally:
        for opened in pages.values():
            opened.context.close()
