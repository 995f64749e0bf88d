"""The stages after embedding: reduce, cluster, and a 2D layout for the topic map.

Each is a plain function of arrays and parameters with a fixed seed, so the same
input gives the same output. UMAP and HDBSCAN are imported only when used.
"""

from __future__ import annotations

import warnings

import numpy as np


def normalise(embeddings: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(embeddings, axis=1, keepdims=True)
    return embeddings / np.where(norms == 0, 1, norms)


def nearest_neighbours(embeddings: np.ndarray, k: int, chunk: int = 2048) -> tuple[np.ndarray, np.ndarray]:
    """Exact cosine k nearest neighbours by blocks of matrix products (each row's
    own index first, as UMAP expects); returns (indices, cosine distances)."""
    import torch

    unit = torch.from_numpy(normalise(embeddings).astype(np.float32))
    k = min(k, len(unit))
    indices = np.empty((len(unit), k), dtype=np.int32)
    distances = np.empty((len(unit), k), dtype=np.float32)
    with torch.inference_mode():
        for start in range(0, len(unit), chunk):
            similarity = unit[start:start + chunk] @ unit.T
            rows = torch.arange(similarity.shape[0])
            similarity[rows, rows + start] = 2.0  # a row is its own nearest neighbour
            values, top = torch.topk(similarity, k, dim=1)
            indices[start:start + chunk] = top.numpy()
            distances[start:start + chunk] = (1 - values).clamp(0, 2).numpy()
    distances[:, 0] = 0
    return indices, distances


def reduce_umap(embeddings: np.ndarray, *, n_neighbors: int, n_components: int, seed: int,
                y: np.ndarray | None = None, n_epochs: int | None = None) -> np.ndarray:
    """UMAP to a few dimensions, as BERTopic does, but on exact neighbours computed
    with numpy (skipping pynndescent's slow first compile). With a seed UMAP runs on
    one thread; its epochs are nearly all of its time (7.8 of 8.5 s on 10,334 texts)."""
    from umap import UMAP

    enable_umap_compile_cache()
    k = min(n_neighbors, len(embeddings) - 1)
    indices, distances = nearest_neighbours(embeddings, k)
    model = UMAP(n_neighbors=k, n_components=n_components, min_dist=0.0, metric="cosine",
                 random_state=seed, precomputed_knn=(indices, distances, None), init="pca",
                 low_memory=True, n_jobs=1, n_epochs=n_epochs)
    with warnings.catch_warnings():  # "transform will be unavailable": we never transform
        warnings.simplefilter("ignore", UserWarning)
        return model.fit_transform(normalise(embeddings), y=y).astype(np.float32)


def reduce_pca(embeddings: np.ndarray, *, n_components: int, seed: int, **_ignored) -> np.ndarray:
    from sklearn.decomposition import PCA

    return PCA(n_components=min(n_components, *embeddings.shape), random_state=seed).fit_transform(
        normalise(embeddings)).astype(np.float32)


REDUCERS = {"umap": reduce_umap, "pca": reduce_pca}


def cluster_hdbscan(reduced: np.ndarray, *, min_topic_size: int) -> np.ndarray:
    """Topic numbers per row; -1 marks outliers. HDBSCAN is deterministic."""
    import hdbscan

    if len(reduced) < max(min_topic_size, 2):
        return np.full(len(reduced), -1)
    model = hdbscan.HDBSCAN(min_cluster_size=max(min_topic_size, 2), metric="euclidean",
                            cluster_selection_method="eom", prediction_data=False,
                            core_dist_n_jobs=1)  # its default starts worker processes: seconds lost
    return model.fit_predict(reduced)


def layout_2d(reduced: np.ndarray, seed: int) -> np.ndarray:
    """A 2D picture of the reduced space (its first two principal components)."""
    if reduced.shape[1] <= 2:
        return np.pad(reduced, ((0, 0), (0, 2 - reduced.shape[1])))
    from sklearn.decomposition import PCA

    return PCA(n_components=2, random_state=seed).fit_transform(reduced).astype(np.float32)


def enable_umap_compile_cache() -> None:
    """Keep UMAP's numba-compiled code on disk (as pynndescent already does), so only
    the first run on a computer pays the 20-60 s compile, not every new process."""
    from numba.core.registry import CPUDispatcher
    import umap.layouts
    import umap.umap_
    import umap.utils

    for module in (umap.umap_, umap.layouts, umap.utils):
        for value in list(vars(module).values()):
            if isinstance(value, CPUDispatcher) and type(value._cache).__name__ == "NullCache":
                value.enable_caching()


def warm_up_umap() -> None:
    """Compile UMAP's numba code on a tiny problem (20-60 s the first time in a process),
    so a person's first real run does not pay for it."""
    rng = np.random.default_rng(0)
    reduce_umap(rng.normal(size=(60, 8)).astype(np.float32), n_neighbors=5, n_components=2, seed=0)
