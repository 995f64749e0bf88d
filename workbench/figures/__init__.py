"""Figures: pure functions from DataFrames to plotly figures."""

from .agreement import agreement_heatmap
from .findings import codes_together, groups_compared, themes_by_group
from .overview import codings_by_code, documents_by_kind
from .theme_map import theme_map, theme_map_table
from .topics import (crosswalk_heatmap, top_words, topic_hierarchy, topic_map, topics_by_group,
                     topics_over_time)

__all__ = ["agreement_heatmap", "codings_by_code", "documents_by_kind", "crosswalk_heatmap", "top_words",
           "topic_hierarchy", "topic_map", "topics_by_group", "topics_over_time",
           "codes_together", "groups_compared", "themes_by_group", "theme_map", "theme_map_table"]
