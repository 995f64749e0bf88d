"""The partners' way in on a team server: a Voila coding page per signed-in user.

Each user's server opens `coding.ipynb` (copied into their folder when their server
starts) in Voila: the coding panel in partner mode, working as the signed-in user, so
it never asks who they are, and a name typed or forged in the page cannot act for
anyone else (Project refuses it).
"""

from __future__ import annotations

import os
from pathlib import Path

import nbformat

from ..errors import WorkbenchError
from .config import PROJECT_VARIABLE
from .identity import signed_in_user

PAGE_NAME = "coding.ipynb"


def coding_page():
    """The coding panel for whoever is signed in (call it in the page's only cell)."""
    from ..project import Project
    from ..widgets.coding_panel import CodingPanel

    target, user = os.environ.get(PROJECT_VARIABLE), signed_in_user()
    if not target or not user:
        raise WorkbenchError("This page runs inside the team server (workbench hub): sign in there to code.")
    try:
        project = Project.open(target)  # acts as the signed-in user
    except WorkbenchError as refused:  # e.g. signed in, but not added by the lead: one sentence, no traceback
        return plain_message(str(refused))
    partner = project.actor.role == "lived-experience partner"
    return CodingPanel(project, member=project.actor.name, role=project.actor.role, partner_mode=partner)


def plain_message(text: str):
    """A sentence shown on the page as text (escaped), announced to screen readers."""
    from html import escape

    from IPython.display import HTML

    return HTML(f'<p role="alert" class="wb-page-message">{escape(text)}</p>')


def write_page(folder: Path) -> Path:
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["title"] = "Coding"
    notebook.cells = [
        nbformat.v4.new_markdown_cell("# Coding\nSelect words in the text, then choose a code."),
        nbformat.v4.new_code_cell("from workbench.hub.page import coding_page\ncoding_page()"),
    ]
    target = folder / PAGE_NAME
    nbformat.write(notebook, target)
    return target
