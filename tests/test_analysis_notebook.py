"""Notebook 07 (the analysis workspace) runs on the sample study without an error."""

import shutil

import nbformat
from nbclient import NotebookClient

from support import REPO


def test_the_analysis_notebook_runs_on_the_sample_project(tmp_path, sample_project):
    notebook = nbformat.read(REPO / "notebooks/07_analysis.ipynb", as_version=4)
    parameters = [c for c in notebook.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(parameters) == 1
    copy = tmp_path / "home-safe.db"
    shutil.copy(sample_project, copy)
    parameters[0].source = f"PROJECT = {str(copy)!r}\nMEMBER = 'Alex Morgan'\nROLE = 'researcher'\nEXPORTS = {str(tmp_path)!r}"
    NotebookClient(notebook, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(REPO / "notebooks")}}).execute()
    outputs = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    widgets = [o for o in outputs if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
    assert len(widgets) == 6  # Retrieval, TextSearch, CodingPanel, AnalysisMatrix, FrameworkMatrix, AttributesTable
    assert any("application/vnd.plotly.v1+json" in o.get("data", {}) for o in outputs)
