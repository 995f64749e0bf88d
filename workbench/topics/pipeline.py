"""BERTopic over embeddings we already have, with stages people can re-run cheaply.

    embed (cached in the project) -> reduce (cached here) -> cluster -> describe

The reduced embeddings are kept in a `StageCache`, so changing only the minimum
topic size, the number of topics or outlier reduction re-clusters without
re-embedding or re-reducing. The clusters are described as BERTopic describes them
(c-TF-IDF keywords, representative segments, merging to `nr_topics`, outlier
reduction; see describe.py).
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..errors import WorkbenchError
from .parameters import TopicParameters
from .stages import REDUCERS, cluster_hdbscan, layout_2d, normalise

OUTLIER_LABEL = "Not in any topic (outliers)"


class TopicRunCancelled(WorkbenchError):
    """Raised between stages when a person cancels a run; nothing is saved."""

    def __init__(self):
        super().__init__("The topic run was cancelled; nothing was saved. Start it again when you are ready.")


class StageCache:
    """The last few reduced embeddings (and their 2D layout), by data and parameters."""

    def __init__(self, size: int = 4):
        self.size = size
        self._items: OrderedDict[tuple, tuple[np.ndarray, np.ndarray]] = OrderedDict()

    def get(self, key: tuple):
        if key in self._items:
            self._items.move_to_end(key)
            return self._items[key]
        return None

    def put(self, key: tuple, value: tuple[np.ndarray, np.ndarray]) -> None:
        self._items[key] = value
        self._items.move_to_end(key)
        while len(self._items) > self.size:
            self._items.popitem(last=False)


SHARED_CACHE = StageCache()


@dataclass
class Guidance:
    """Codebook knowledge given to a run: guided seeds and zero-shot candidates."""

    seed_vectors: np.ndarray | None = None  # one row per code with a definition
    candidate_names: list[str] = field(default_factory=list)
    candidate_vectors: np.ndarray | None = None

    def digest(self) -> str:
        if self.seed_vectors is None:
            return ""
        return hashlib.sha256(np.ascontiguousarray(self.seed_vectors).tobytes()).hexdigest()


@dataclass
class TopicResult:
    topics: np.ndarray  # topic number per text, -1 for outliers
    table: pd.DataFrame  # number, label, keywords, size, representatives (row indices)
    coordinates: np.ndarray  # (n, 2) for the topic map
    stages_run: list[str]


def _digest(array: np.ndarray) -> str:
    return hashlib.sha256(np.ascontiguousarray(array).tobytes()).hexdigest()


def _guide(embeddings: np.ndarray, seeds: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """BERTopic's guided modelling: pull each segment a quarter of the way toward the
    codebook definition it is most like (unless it is most like the average segment),
    and label it with that definition for semi-supervised UMAP."""
    unit = normalise(embeddings)
    anchors = normalise(np.vstack([embeddings.mean(axis=0, keepdims=True), seeds]))
    nearest = np.argmax(unit @ anchors.T, axis=1)
    guided = embeddings.copy()
    chosen = nearest > 0
    guided[chosen] = (3 * embeddings[chosen] + seeds[nearest[chosen] - 1]) / 4
    return guided, np.where(chosen, nearest - 1, -1)


def _zero_shot(embeddings: np.ndarray, guidance: Guidance, threshold: float) -> np.ndarray:
    """Index of the candidate each segment matches (cosine >= threshold), else -1."""
    similarity = normalise(embeddings) @ normalise(guidance.candidate_vectors).T
    best = np.argmax(similarity, axis=1)
    return np.where(similarity[np.arange(len(best)), best] >= threshold, best, -1)


def reduce_key(embeddings: np.ndarray, params: TopicParameters, guidance: Guidance) -> tuple:
    """What the reduced embeddings depend on: the data, reduction parameters, guidance."""
    return (_digest(embeddings), params.reduce_key(), guidance.digest() if params.guided else "")


def fit_topics(texts: Sequence[str], embeddings: np.ndarray, params: TopicParameters,
               guidance: Guidance | None = None, cache: StageCache | None = None,
               check_cancel: Callable[[], None] = lambda: None,
               on_stage: Callable[[str], None] = lambda stage: None) -> TopicResult:
    if len(texts) != len(embeddings):
        raise ValueError("texts and embeddings differ in length")
    if len(texts) < max(2 * params.min_topic_size, 10):
        raise WorkbenchError(
            f"{len(texts)} segments are too few for topics of at least {params.min_topic_size}; "
            "choose more segments or a smaller minimum topic size."
        )
    guidance = guidance or Guidance()
    cache = SHARED_CACHE if cache is None else cache
    stages: list[str] = []

    key = reduce_key(embeddings, params, guidance)
    cached = cache.get(key)
    if cached is None:
        check_cancel()
        on_stage("reduce")
        vectors, y = embeddings, None
        if params.guided and guidance.seed_vectors is not None and len(guidance.seed_vectors):
            vectors, y = _guide(embeddings, guidance.seed_vectors)
        reduced = REDUCERS[params.reduction](vectors, n_neighbors=params.n_neighbors,
                                             n_components=params.n_components, seed=params.seed, y=y,
                                             n_epochs=params.umap_epochs)
        cached = (reduced, layout_2d(reduced, params.seed))
        cache.put(key, cached)
        stages.append("reduce")
    reduced, coordinates = cached

    check_cancel()
    on_stage("cluster")
    labels = np.full(len(texts), -1)
    offset = 0
    if params.zero_shot and guidance.candidate_vectors is not None and len(guidance.candidate_names):
        matched = _zero_shot(embeddings, guidance, params.zero_shot_min_similarity)
        labels[matched >= 0] = matched[matched >= 0]
        offset = len(guidance.candidate_names)
    rest = labels == -1
    if rest.sum() >= 2 * params.min_topic_size:
        clusters = cluster_hdbscan(reduced[rest], min_topic_size=params.min_topic_size)
        labels[rest] = np.where(clusters >= 0, clusters + offset, -1)
    stages.append("cluster")

    check_cancel()
    on_stage("describe")
    topics, table = _describe(list(texts), reduced, labels, params, guidance.candidate_names if offset else [])
    stages.append("describe")
    return TopicResult(np.asarray(topics), table, coordinates, stages)


def _describe(texts: list[str], reduced: np.ndarray, labels: np.ndarray, params: TopicParameters,
              candidates: list[str]) -> tuple[np.ndarray, pd.DataFrame]:
    from .describe import ClassTfidf, by_size, merge_to, readable_phrase, reduce_outliers, representatives

    if (labels == -1).all():
        raise WorkbenchError("No topics were found in these segments; try a smaller minimum topic size.")
    topics = by_size(labels)
    if params.nr_topics:
        topics = merge_to(texts, topics, params.nr_topics)
    if params.reduce_outliers:
        topics = reduce_outliers(texts, topics)
    tfidf = ClassTfidf(texts, topics)
    rows = []
    for number in tfidf.numbers:
        keywords = tfidf.keywords(number, params.top_words)
        origins = set(int(label) for label in labels[topics == number])
        named = [candidates[label] for label in sorted(origins) if 0 <= label < len(candidates)]
        chosen = representatives(texts, topics, tfidf, number)
        # a readable label (issue 14): the topic's most representative phrase, beside its keywords
        phrase = None if named or number == -1 else readable_phrase(
            [texts[i] for i in chosen] + [texts[i] for i in np.flatnonzero(topics == number)], keywords)
        rows.append({
            "number": number,
            "label": OUTLIER_LABEL if number == -1 else (" / ".join(named) if named else phrase or
                                                        ", ".join(word for word, _ in keywords[:3]) or f"Topic {number}"),
            "keywords": keywords,
            "size": int((topics == number).sum()),
            "representatives": chosen,
        })
    return topics, pd.DataFrame(rows, columns=["number", "label", "keywords", "size", "representatives"])
