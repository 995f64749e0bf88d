"""Themes with topic models: BERTopic over segments, cached and reproducible.

The topic model suggests; people decide. Heavy libraries (torch,
sentence-transformers, UMAP, HDBSCAN, BERTopic) are imported only when a run starts.
"""

from .parameters import TopicParameters
from .pipeline import StageCache, TopicResult, TopicRunCancelled, fit_topics
from .runs import TopicRunner, select_segments

__all__ = ["StageCache", "TopicParameters", "TopicResult", "TopicRunCancelled", "TopicRunner", "fit_topics",
           "select_segments"]
