"""Small helpers the parts of the facade share."""

from __future__ import annotations

from pathlib import Path

from ..errors import ImportProblem


def missing_file(path: Path):
    raise ImportProblem(str(path), "does not exist.", "Check the file name and folder.")


def read_user_file(path: Path, what: str = "one file") -> bytes:
    """The bytes of a file the user named, or one plain ImportProblem saying what to give."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        missing_file(path)
    except IsADirectoryError:
        raise ImportProblem(str(path), "is a folder.", f"Give the path of {what}.") from None


def is_url(target) -> bool:
    return "://" in str(target)

