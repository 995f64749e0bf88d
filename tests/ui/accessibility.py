"""axe-core, injected into a page, for the accessibility checks of every browser test."""

from pathlib import Path

import pytest

AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"


def axe_violations(page, selector: str = "body", impacts=("serious", "critical")) -> list[dict]:
    """axe-core findings of the given impacts inside `selector`."""
    if not AXE.exists():
        pytest.fail("axe-core is missing: run scripts/setup-browser (scripts/test does).")
    page.add_script_tag(path=str(AXE))
    results = page.evaluate("async (selector) => await axe.run(document.querySelector(selector))", selector)
    return [{"id": v["id"], "impact": v["impact"], "help": v["help"],
             "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in results["violations"] if v["impact"] in impacts]
