"""Preparing notebooks with parameters, and driving them in JupyterLab and Voila pages."""

from __future__ import annotations

import uuid
from pathlib import Path

import nbformat

REPO = Path(__file__).resolve().parents[2]


def notebook_with_parameters(source: str, destination: Path, **parameters) -> Path:
    """Copy a repository notebook, replacing its parameters cell."""
    notebook = nbformat.read(REPO / source, as_version=4)
    cell = next(c for c in notebook.cells if "parameters" in c.metadata.get("tags", []))
    cell.source = "\n".join(f"{name} = {value!r}" for name, value in parameters.items())
    nbformat.write(notebook, destination)
    return destination


def run_in_lab(page, base: str, token: str, name: str) -> None:
    """Open a notebook in JupyterLab and run all its cells, as Run > Run All does."""
    # a workspace of its own, reset, so no other notebook is open in the page
    workspace = Path(name).stem + "-" + uuid.uuid4().hex[:8]
    page.goto(f"{base}/lab/workspaces/{workspace}/tree/{name}?token={token}&reset")
    page.wait_for_function(
        "() => { const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;"
        " const k = w && w.context && w.context.sessionContext.session && w.context.sessionContext.session.kernel;"
        " return k && k.status === 'idle'; }", timeout=90_000)
    page.evaluate("() => window.jupyterapp.commands.execute('runmenu:run-all')")


def wait_for_panel(page, timeout: float = 90_000):
    page.wait_for_selector(".wb-coding-panel[data-document-id] .wb-seg", timeout=timeout)
    return page.locator(".wb-coding-panel").first


PHRASE_BOX = """([phrase]) => {
  const text = document.querySelector('.wb-coding-panel .wb-text');
  const walker = document.createTreeWalker(text, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, at = node.data.indexOf(phrase);
    if (at < 0) continue;
    node.parentElement.scrollIntoView({block: 'center'});
    const range = document.createRange();
    range.setStart(node, at); range.setEnd(node, at + 1);
    const first = range.getClientRects()[0];
    range.setStart(node, at + phrase.length - 1); range.setEnd(node, at + phrase.length);
    const last = range.getClientRects()[0];
    const rtl = last.left < first.left && Math.abs(last.top - first.top) < first.height / 2;
    return rtl  // right-to-left text starts at the right
      ? {x0: first.right - 1, y0: first.top + first.height / 2, x1: last.left + 1, y1: last.top + last.height / 2}
      : {x0: first.left + 1, y0: first.top + first.height / 2, x1: last.right - 1, y1: last.top + last.height / 2};
  }
  return null;
}"""


def drag_select(page, phrase: str, attempts: int = 3) -> None:
    """Select `phrase` in the panel's text with a real mouse drag.

    The panel may still be settling (a chip or status line appearing moves the text), so the
    drag starts only once the phrase has stopped moving, and is made again if what the browser
    selected is not the phrase."""
    for _ in range(attempts):
        box = steady_box(page, phrase)
        # a press inside an existing selection would drag that text away instead of selecting
        page.mouse.click(box["x0"], box["y0"])
        page.mouse.down()
        page.mouse.move(box["x1"], box["y1"], steps=8)
        page.mouse.up()
        if selected_text(page) == phrase:
            return
        page.wait_for_timeout(300)
    raise AssertionError(f"dragging over {phrase!r} selected {selected_text(page)!r}")


def steady_box(page, phrase: str, timeout_ms: int = 5000) -> dict:
    box = page.evaluate(PHRASE_BOX, [phrase])
    for _ in range(timeout_ms // 150):
        assert box, f"{phrase!r} is not shown in the panel"
        page.wait_for_timeout(150)
        again = page.evaluate(PHRASE_BOX, [phrase])
        if again == box:
            return box
        box = again
    return box


def keyboard_select(page, before: str, phrase: str) -> None:
    """Select `phrase` with the keyboard only: Find jumps to the words `before` it,
    then the caret moves to its start and Shift+Right extends the selection."""
    page.keyboard.type(before)
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement && document.activeElement.classList.contains('wb-text')")
    page.keyboard.press("ArrowRight")  # collapse to the end of the found words
    for _ in range(len(before) - len(before.rstrip())):  # Find ignores trailing spaces
        page.keyboard.press("ArrowRight")
    for _ in range(len(phrase)):
        page.keyboard.press("Shift+ArrowRight")


def selected_text(page) -> str:
    return page.evaluate("() => document.getSelection().toString()")


def wait_applied(page, code: str, phrase: str, timeout: float = 5000) -> None:
    """Wait until the panel announces that `code` was applied to `phrase` (it is stored by then)."""
    page.wait_for_function(
        "([code, start]) => (document.querySelector('.wb-coding-panel .wb-status') || {}).textContent"
        "?.includes(`Applied “${code}” to “${start}`)", arg=[code, phrase[:20]], timeout=timeout)
