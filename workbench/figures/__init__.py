"""Figures: pure functions from DataFrames to plotly figures."""

from .overview import codings_by_code, documents_by_kind

__all__ = ["codings_by_code", "documents_by_kind"]
