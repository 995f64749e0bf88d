"""Notebook widgets (anywidget): one Python class and one ESM file in static/ each."""

from .agreement_view import AgreementView
from .codebook_editor import CodebookEditor
from .coding_panel import CodingPanel
from .topic_explorer import TopicExplorer

__all__ = ["AgreementView", "CodebookEditor", "CodingPanel", "TopicExplorer"]
