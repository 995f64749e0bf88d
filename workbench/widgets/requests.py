"""How an editing widget answers a request from its page: a user's mistake becomes the
widget's plain-language `error`, a malformed request (a Voila visitor can send anything)
a short note, and anything else is shown in the widget and printed to the kernel's log."""

from __future__ import annotations

import traceback
from contextlib import contextmanager

from ..errors import WorkbenchError

MALFORMED = "The page sent a request it should not have; reload it and try again."


@contextmanager
def answering(widget, clear: bool = True):
    """Run one request; on failure set `widget.error`, on success clear it (unless
    `clear` is False: a poll for others' changes leaves an error on show)."""
    try:
        yield
        if clear:
            widget.error = ""
    except WorkbenchError as exc:
        widget.error = str(exc)
    except (KeyError, TypeError, ValueError):
        widget.error = MALFORMED
    except Exception as exc:  # shown in the widget rather than lost in a log
        widget.error = f"Something went wrong: {exc.__class__.__name__}: {exc}"
        traceback.print_exc()


def answer(widget, content, actions: dict) -> None:
    """One widget message: `refresh` (a poll for others' changes, which leaves an error on
    show) redraws; a kind in `actions` runs its action with the message, then redraws; the
    page gets the status, any error and the new state in one update. Anything else is ignored."""
    if not isinstance(content, dict):
        return
    kind = content.get("type")
    if kind == "refresh":
        widget.refresh()
        return
    if kind not in actions:
        return
    with widget.hold_sync():
        with answering(widget):
            actions[kind](content)
        widget.refresh()


def text_field(content: dict, key: str) -> str:
    """A string the page sent, or a malformed request."""
    value = content[key]
    if not isinstance(value, str):
        raise TypeError(key)
    return value


def whole_field(content: dict, key: str) -> int:
    """A whole number the page sent (not a boolean), or a malformed request."""
    value = content[key]
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(key)
    return value


def flag_field(content: dict, key: str, default: bool) -> bool:
    """A tick box the page sent (`default` when left out), or a malformed request."""
    value = content.get(key, default)
    if not isinstance(value, bool):
        raise TypeError(key)
    return value


def short(text: str, limit: int = 60) -> str:
    """User text cut to fit in a status line (what a change was made to)."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
