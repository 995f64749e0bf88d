"""Small helpers the parts of the facade share."""

from __future__ import annotations

from pathlib import Path

from ..errors import ImportProblem


def missing_file(path: Path):
    raise ImportProblem(str(path), "does not exist.", "Check the file name and folder.")


def is_url(target) -> bool:
    return "://" in str(target)

