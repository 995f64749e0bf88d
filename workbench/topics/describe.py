"""Describing clusters as topics the way BERTopic does, with scikit-learn only.

c-TF-IDF (Grootendorst 2022, BERTopic's `ClassTfidfTransformer`): join each topic's
segments into one document, count words, L1-normalise each topic's counts and weight
them by log(1 + average words per topic / the word's frequency over all topics).
Merging to `nr_topics` (average-linkage on c-TF-IDF cosine distance), outlier
reduction ("c-tf-idf" strategy) and representative segments follow BERTopic 0.17 too;
tests check the keywords against the BERTopic library itself. Doing it here keeps
re-clustering in a new session from importing BERTopic (torch, transformers, UMAP,
plotly: 9-13 s on these machines).
"""

from __future__ import annotations

import re

import numpy as np
import scipy.sparse as sp


def vectorizer():
    from sklearn.feature_extraction.text import CountVectorizer

    return CountVectorizer(stop_words="english")


class ClassTfidf:
    """c-TF-IDF over topics: `matrix` has one row per topic in `numbers` order."""

    def __init__(self, texts: list[str], topics: np.ndarray):
        self.numbers = sorted(set(int(t) for t in topics))
        joined = [" ".join(text for text, t in zip(texts, topics) if t == number) for number in self.numbers]
        self.vectorizer = vectorizer()
        counts = self.vectorizer.fit_transform(joined)
        self.words = self.vectorizer.get_feature_names_out()
        frequency = np.asarray(counts.sum(axis=0)).ravel()
        average = int(np.asarray(counts.sum(axis=1)).mean())
        self.idf = np.log(average / np.maximum(frequency, 1) + 1)
        self.matrix = self.weigh(counts)

    def weigh(self, counts) -> sp.csr_matrix:
        from sklearn.preprocessing import normalize

        return sp.csr_matrix(normalize(counts.astype(float), axis=1, norm="l1") @ sp.diags(self.idf))

    def transform(self, texts: list[str]) -> sp.csr_matrix:
        return self.weigh(self.vectorizer.transform(texts))

    def row(self, number: int) -> int:
        return self.numbers.index(number)

    def keywords(self, number: int, top: int) -> list[tuple[str, float]]:
        scores = self.matrix[self.row(number)].toarray().ravel()
        order = np.argsort(-scores, kind="stable")[:top]
        return [(str(self.words[i]), float(scores[i])) for i in order if scores[i] > 0]


def by_size(topics: np.ndarray) -> np.ndarray:
    """Renumber topics 0, 1, ... from the largest; -1 (outliers) stays -1."""
    real = topics[topics != -1]
    if not len(real):
        return topics.copy()
    numbers, counts = np.unique(real, return_counts=True)
    order = numbers[np.lexsort((numbers, -counts))]
    mapping = {int(old): new for new, old in enumerate(order)}
    return np.array([mapping.get(int(t), -1) for t in topics])


def merge_to(texts: list[str], topics: np.ndarray, nr_topics: int) -> np.ndarray:
    """Join the most alike topics until `nr_topics` remain (outliers count as one)."""
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.metrics.pairwise import cosine_similarity

    outliers = int((topics == -1).any())
    real = sorted(set(int(t) for t in topics) - {-1})
    wanted = nr_topics - outliers
    if wanted >= len(real) or wanted < 1:
        return topics
    tfidf = ClassTfidf(texts, topics)
    vectors = tfidf.matrix[[tfidf.row(n) for n in real]]
    distance = 1 - cosine_similarity(vectors)
    np.fill_diagonal(distance, 0)
    labels = AgglomerativeClustering(wanted, metric="precomputed", linkage="average").fit(distance).labels_
    mapping = dict(zip(real, labels))
    return by_size(np.array([mapping.get(int(t), -1) for t in topics]))


def reduce_outliers(texts: list[str], topics: np.ndarray, threshold: float = 0.0) -> np.ndarray:
    """Give each outlier the topic whose c-TF-IDF it is most like (if any is > threshold)."""
    from sklearn.metrics.pairwise import cosine_similarity

    rows = np.flatnonzero(topics == -1)
    real = sorted(set(int(t) for t in topics) - {-1})
    if not len(rows) or not real:
        return topics
    tfidf = ClassTfidf(texts, topics)
    similarity = cosine_similarity(tfidf.transform([texts[i] for i in rows]),
                                   tfidf.matrix[[tfidf.row(n) for n in real]])
    similarity[similarity <= threshold] = 0
    best = np.argmax(similarity, axis=1)
    found = similarity[np.arange(len(rows)), best] > 0
    updated = topics.copy()
    updated[rows[found]] = np.array(real)[best[found]]
    return updated


def representatives(texts: list[str], topics: np.ndarray, tfidf: ClassTfidf, number: int, count: int = 3) -> list[int]:
    """Row indices of the `count` segments most like their topic's c-TF-IDF (distinct texts)."""
    from sklearn.metrics.pairwise import cosine_similarity

    rows = np.flatnonzero(topics == number)
    seen: dict[str, int] = {}
    for row in rows:
        seen.setdefault(texts[row], int(row))
    unique = list(seen.values())
    if not unique:
        return []
    similarity = cosine_similarity(tfidf.transform([texts[i] for i in unique]),
                                   tfidf.matrix[tfidf.row(number)]).ravel()
    return [unique[i] for i in np.argsort(-similarity, kind="stable")[:count]]


# -- a readable label (issue 14): the topic's most representative phrase, from its own words --
PHRASE_WORDS = (2, 6)  # shortest and longest phrase, in words
PHRASE_SAMPLE = 300  # segments of a topic read for phrases (its representatives first)
TOKEN = re.compile(r"\w+(?:['’-]\w+)*")  # "take-home" is one word of a phrase, two keywords
CLAUSE = re.compile(r"[^.,;:!?()\[\]\"“”\n\r\t–—]+")


def readable_phrase(texts: list[str], keywords: list[tuple[str, float]]) -> str | None:
    """The phrase (2-6 words, as written, within one clause) whose words carry most of
    the topic's c-TF-IDF weight, favouring phrases several people used; None when no
    phrase holds a keyword. Deterministic: ties go to the first seen."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    weight = {word.lower(): score for word, score in keywords}
    if not weight:
        return None
    scored: dict[str, list] = {}  # lower-case phrase -> [score, texts it is in, as written]
    for index, text in enumerate(texts[:PHRASE_SAMPLE]):
        seen_here = set()
        for clause in CLAUSE.finditer(text):
            tokens = list(TOKEN.finditer(clause.group(0)))
            lowered = [token.group(0).lower() for token in tokens]
            parts = [set(re.findall(r"\w+", word)) for word in lowered]
            for first in range(len(tokens)):
                if lowered[first] in ENGLISH_STOP_WORDS:
                    continue
                for size in range(PHRASE_WORDS[0], PHRASE_WORDS[1] + 1):
                    last = first + size - 1
                    if last >= len(tokens):
                        break
                    if lowered[last] in ENGLISH_STOP_WORDS:
                        continue
                    words = lowered[first:last + 1]
                    score = sum(weight.get(word, 0.0) for word in set().union(*parts[first:last + 1]))
                    if not score:
                        continue
                    key = " ".join(words)
                    if key in seen_here:
                        continue
                    seen_here.add(key)
                    written = clause.group(0)[tokens[first].start():tokens[last].end()]
                    entry = scored.setdefault(key, [score / size ** 0.5, 0, written])
                    entry[1] += 1
    if not scored:
        return None
    best = max(scored.values(), key=lambda entry: entry[0] * (1 + np.log(entry[1])))
    return best[2]
