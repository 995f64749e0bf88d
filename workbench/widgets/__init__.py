"""Notebook widgets (anywidget): one Python class and one ESM file in static/ each."""

from .agreement_view import AgreementView
from .analysis_matrix import AnalysisMatrix
from .attributes_table import AttributesTable
from .codebook_editor import CodebookEditor
from .findings_dashboard import FindingsDashboard
from .coding_panel import CodingPanel
from .dot_vote import DotVote
from .ideas_tracker import IdeasTracker
from .framework_matrix import FrameworkMatrix
from .involvement_editor import InvolvementEditor
from .retrieval import Retrieval
from .sticky_board import StickyBoard
from .text_search import TextSearch
from .theme_map import ThemeMap
from .topic_explorer import TopicExplorer
from .who_is_working import WhoIsWorking

__all__ = ["AgreementView", "CodebookEditor", "FindingsDashboard", "CodingPanel", "DotVote", "IdeasTracker", "InvolvementEditor", "StickyBoard",
           "FrameworkMatrix", "Retrieval", "AnalysisMatrix", "AttributesTable", "TextSearch",
           "ThemeMap", "TopicExplorer", "WhoIsWorking"]
