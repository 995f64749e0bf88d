"""Notebook widgets (anywidget): one Python class and one ESM file in static/ each."""

from .agreement_view import AgreementView
from .codebook_editor import CodebookEditor
from .findings_dashboard import FindingsDashboard
from .coding_panel import CodingPanel
from .dot_vote import DotVote
from .topic_explorer import TopicExplorer

__all__ = ["AgreementView", "CodebookEditor", "FindingsDashboard", "CodingPanel", "DotVote", "TopicExplorer"]
