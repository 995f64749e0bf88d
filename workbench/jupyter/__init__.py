"""Jupyter server settings the workbench starts JupyterLab with (`scripts/start`)."""
