"""The analysis workspace (issue 13): retrieval queries, text search, matrices,
framework matrix cells, document and code sets, attribute editing. Pure functions
over a `Corpus` read from the store; the `Project` facade (project/analysis.py) is
the way in."""

from .query import Query, parse

__all__ = ["Query", "parse"]

from . import published  # noqa: E402,F401  (adds the framework to published snapshots)
