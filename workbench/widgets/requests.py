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


def short(text: str, limit: int = 60) -> str:
    """User text cut to fit in a status line (what a change was made to)."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
