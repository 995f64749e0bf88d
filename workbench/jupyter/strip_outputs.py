"""Notebooks never keep participants' words (issue 18): a Jupyter server pre-save hook
that removes every cell's outputs and the saved widget state before a notebook is
written, by autosave or by hand, so transcripts shown in a widget or a table stay in
the project (where withdrawal can reach them) and out of files that are copied,
committed and shared. Checkpoints are copies of the saved file, so they hold none
either.

`scripts/start` runs JupyterLab with `jupyter_server_config.py` beside this file.
"""

from __future__ import annotations

# notebook metadata that holds what widgets showed (their synced state, text included)
WIDGET_STATE_KEYS = ("widgets", "application/vnd.jupyter.widget-state+json")


def strip_notebook(notebook: dict) -> dict:
    """The notebook (nbformat JSON as a dict) without outputs or widget state, in place."""
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
        cell.get("metadata", {}).pop("execution", None)
    metadata = notebook.get("metadata", {})
    for key in WIDGET_STATE_KEYS:
        metadata.pop(key, None)
    return notebook


def strip_outputs(model: dict, **_context) -> None:
    """`ContentsManager.pre_save_hook`: called with the model about to be saved."""
    if model.get("type") == "notebook" and isinstance(model.get("content"), dict):
        strip_notebook(model["content"])
