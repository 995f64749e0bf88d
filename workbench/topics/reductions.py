"""Reduced embeddings kept in the project, so re-clustering in a later session (a
new process) skips UMAP as well as embedding."""

from __future__ import annotations

import hashlib

import numpy as np
from sqlalchemy import Connection, select

from ..store import Writer
from ..store.clock import now
from ..store.schema import reduction_cache


def storage_key(key: tuple) -> str:
    return hashlib.sha256(repr(key).encode("utf-8")).hexdigest()


def load_reduction(conn: Connection, key: tuple) -> tuple[np.ndarray, np.ndarray] | None:
    row = conn.execute(select(reduction_cache).where(reduction_cache.c.key == storage_key(key))).mappings().first()
    if row is None:
        return None
    reduced = np.frombuffer(row["reduced"], dtype=np.float32).reshape(row["rows"], row["dimensions"])
    return reduced, np.frombuffer(row["layout"], dtype=np.float32).reshape(row["rows"], 2)


def save_reduction(writer: Writer, key: tuple, reduced: np.ndarray, layout: np.ndarray) -> None:
    if writer.conn.execute(select(reduction_cache.c.id).where(reduction_cache.c.key == storage_key(key))).scalar():
        return
    writer.insert_many(reduction_cache, [{
        "key": storage_key(key), "rows": int(reduced.shape[0]), "dimensions": int(reduced.shape[1]),
        "reduced": np.ascontiguousarray(reduced, dtype=np.float32).tobytes(),
        "layout": np.ascontiguousarray(layout, dtype=np.float32).tobytes(), "created_at": now(),
    }], None)
    writer.log("reduction.cache", "reduction_cache", None, {"rows": int(reduced.shape[0])})
