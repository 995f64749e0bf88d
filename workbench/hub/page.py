"""The partners' way in on a team server: one Voila page per signed-in user.

Each user's server opens `coding.ipynb` (copied into their folder when their server
starts) in Voila, with no code shown: the coding panel (partner mode for partners),
the candidate themes to review (ThemeMap in partner mode: fits, does not fit, missing
something) and the newest dot-voting session, each in its own section, all working as
the signed-in user. So the page never asks who they are, and a name typed or forged in
it cannot act for anyone else (Project and the widgets refuse it). Someone signed in
whom the lead has not added sees the one sentence saying so, and nothing else.
"""

from __future__ import annotations

import os
from pathlib import Path

import nbformat

from ..errors import WorkbenchError
from .accounts import project_from_file
from .config import PROJECT_VARIABLE
from .identity import signed_in_user

PAGE_NAME = "coding.ipynb"
PARTNER_ROLE = "lived-experience partner"
_opened: dict = {}  # the page's one project, opened as the signed-in user (a Voila kernel serves one page)


def signed_in_project():
    """The project as the signed-in user, or the sentence refusing them (kept for the page)."""
    from ..project import Project

    target, user = os.environ.get(PROJECT_VARIABLE) or project_from_file(), signed_in_user()
    if not target or not user:
        raise WorkbenchError("This page runs inside the team server (workbench hub): sign in there to code.")
    if _opened.get("key") != (target, user):
        try:
            opened = Project.open(target)  # acts as the signed-in user
        except WorkbenchError as refused:  # e.g. signed in, but not added by the lead: one sentence, no traceback
            opened = str(refused)
        _opened.update(key=(target, user), project=opened)
    return _opened["project"]


def coding_page():
    """The coding panel for whoever is signed in."""
    from ..widgets.coding_panel import CodingPanel

    project = signed_in_project()
    if isinstance(project, str):
        return plain_message(project)
    partner = project.actor.role == PARTNER_ROLE
    return CodingPanel(project, member=project.actor.name, role=project.actor.role, partner_mode=partner)


def theme_review():
    """The candidate themes with their quotes, each to answer fits / does not fit / missing."""
    from ..widgets.theme_map import ThemeMap

    project = signed_in_project()
    if isinstance(project, str):
        return None  # the coding section said why already
    if project.themes().empty:
        return plain_message("There are no themes to review yet; the team will add them here.", alert=False)
    return ThemeMap(project, member="", partner_mode=True)


def voting():
    """The newest dot-voting session, placing one's own dots."""
    from ..widgets.dot_vote import DotVote

    project = signed_in_project()
    if isinstance(project, str):
        return None
    sessions = project.voting_sessions()
    if sessions.empty:
        return plain_message("No voting has been started yet; the team will open it here.", alert=False)
    return DotVote(project, str(sessions["name"].iloc[-1]), member="")


def plain_message(text: str, alert: bool = True):
    """A sentence shown on the page as text (escaped); a refusal is announced to screen readers."""
    from html import escape

    from IPython.display import HTML

    role = ' role="alert"' if alert else ""
    return HTML(f'<p{role} class="wb-page-message">{escape(text)}</p>')


def write_page(folder: Path) -> Path:
    new_markdown, new_code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["title"] = "Your work in the project"
    notebook.cells = [
        new_markdown("# Your work in the project"),
        new_markdown("## Coding\nSelect words in the text, then choose a code."),
        new_code("from workbench.hub.page import coding_page, theme_review, voting\ncoding_page()"),
        new_markdown("## Themes to review\nDoes each theme fit what you know? Say so, and what is missing."),
        new_code("theme_review()"),
        new_markdown("## Voting\nPlace your dots on what matters most to you."),
        new_code("voting()"),
    ]
    target = folder / PAGE_NAME
    nbformat.write(notebook, target)
    return target
