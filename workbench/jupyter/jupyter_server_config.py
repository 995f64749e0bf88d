# JupyterLab as `scripts/start` runs it: notebooks are saved without outputs or widget
# state, so participants' words shown on screen never land in a notebook file
# (see workbench/jupyter/strip_outputs.py).
c = get_config()  # noqa: F821  (provided by Jupyter when it loads this file)
c.ContentsManager.pre_save_hook = "workbench.jupyter.strip_outputs.strip_outputs"
