"""Every widget's view (static/dom.js joined with its own files by esm.view) is one valid
ES module: two files declaring the same name break the whole widget, and only a browser
would tell ("Error displaying widget")."""

import importlib
import pkgutil
import shutil
import subprocess

import anywidget
import pytest

import workbench.widgets

NODE = shutil.which("node")


def views() -> dict[str, str]:
    found = {}
    for module in pkgutil.iter_modules(workbench.widgets.__path__):
        loaded = importlib.import_module(f"workbench.widgets.{module.name}")
        for value in vars(loaded).values():
            if isinstance(value, type) and issubclass(value, anywidget.AnyWidget) and value.__module__ == loaded.__name__:
                esm = value.__dict__.get("_esm")
                if isinstance(esm, str):
                    found[value.__name__] = esm
    return found


@pytest.mark.skipif(NODE is None, reason="node is not installed")
def test_every_widget_view_parses_as_one_module(tmp_path):
    found = views()
    assert {"Retrieval", "TextSearch", "CodingPanel", "FrameworkMatrix", "AnalysisMatrix"} <= set(found)
    broken = {}
    for name, esm in found.items():
        path = tmp_path / f"{name}.mjs"
        path.write_text(esm, encoding="utf-8")
        checked = subprocess.run([NODE, "--check", str(path)], capture_output=True, text=True)
        if checked.returncode:
            broken[name] = checked.stderr.strip().splitlines()[-1] if checked.stderr.strip() else "?"
    assert broken == {}
