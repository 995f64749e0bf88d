"""A topic run against a project: choose segments, embed them (reusing the cache),
fit, and save the run with its parameters, topics and segment assignments."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from contextlib import AbstractContextManager

import numpy as np
import pandas as pd

from ..errors import WorkbenchError
from ..store import Store, Writer
from ..store.clock import now
from ..store.schema import topic_assignments, topic_runs, topics
from .embeddings import cached_vectors, embed_texts, model_key, store_vectors, text_sha256
from .parameters import TopicParameters
from .pipeline import Guidance, StageCache, TopicResult, TopicRunCancelled, fit_topics, reduce_key
from .progress import Progress
from .reductions import load_reduction, save_reduction

STAGES = ("embed", "reduce", "cluster", "describe", "save")


def select_segments(segments: pd.DataFrame, coded: pd.DataFrame, kinds: list[str] | None = None,
                    where: dict | None = None, code: str | None = None) -> pd.DataFrame:
    """The segments a run is about, from `frames.segments_with_text` and
    `frames.coded_spans`: by document kind, by attribute (of the segment or its
    participant, e.g. {"role": "carer"}), and by a code applied to them."""
    chosen = segments[segments["text"].fillna("").str.strip() != ""]
    if kinds:
        unknown = set(kinds) - set(segments["document_kind"])
        if unknown:
            raise WorkbenchError(f"This project has no documents of kind {', '.join(sorted(unknown))}; "
                                 f"it has: {', '.join(sorted(set(segments['document_kind'])))}.")
        chosen = chosen[chosen["document_kind"].isin(kinds)]
    for name, wanted in (where or {}).items():
        values = set(wanted) if isinstance(wanted, (list, tuple, set)) else {wanted}
        value = [own.get(name, person.get(name)) for own, person in
                 zip(chosen["attributes"], chosen["participant_attributes"])]
        chosen = chosen[[found in values for found in value]]
    if code is not None:
        if code not in set(coded["code"]):
            raise WorkbenchError(f"No segment is coded '{code}'; check the code's name in project.codes().")
        spans = coded[coded["code"] == code].merge(chosen[["id", "document_id", "start", "end"]], on="document_id",
                                                   suffixes=("_coding", ""))
        overlapping = spans[(spans["start_coding"] < spans["end"]) & (spans["end_coding"] > spans["start"])]
        chosen = chosen[chosen["id"].isin(set(overlapping["id"]))]
    if chosen.empty:
        raise WorkbenchError("No segments match that choice; widen the document kinds, attributes or code.")
    return chosen.reset_index(drop=True)


class TopicRunner:
    """Runs topic models for one project; keeps reduced embeddings between runs."""

    def __init__(self, store: Store, write: Callable[[], AbstractContextManager[Writer]]):
        self.store = store
        self.write = write
        self.cache = StageCache()
        self.cancelled = threading.Event()
        self.last_embedded = 0
        self.last_stages: list[str] = []

    def cancel(self) -> None:
        """Ask the running fit to stop at the next stage boundary (from another thread)."""
        self.cancelled.set()

    def _check_cancel(self) -> None:
        if self.cancelled.is_set():
            raise TopicRunCancelled()

    def embed(self, texts: list[str], model: str | None,
              on_progress: Callable[[int, int], None] = lambda done, total: None) -> np.ndarray:
        """Vectors for texts, embedding only those the project has not cached;
        `on_progress(done, total)` counts the passages to embed as they are."""
        key = model_key(model)
        hashes = [text_sha256(text) for text in texts]
        with self.store.read() as conn:
            known = cached_vectors(conn, key, hashes)
        total, done = len(set(hashes) - set(known)), 0
        on_progress(0, total)

        def counted(chunk: int) -> None:
            nonlocal done
            done += chunk
            on_progress(done, total)

        matrix, new = embed_texts(texts, model, known, counted, self._check_cancel)
        if new:
            with self.write() as writer:
                store_vectors(writer, key, new)
        self.last_embedded += len(new)
        return matrix

    def guidance(self, params: TopicParameters, codebook: pd.DataFrame) -> Guidance:
        guidance = Guidance()
        live = codebook[~codebook["archived"].astype(bool)] if "archived" in codebook else codebook
        if params.guided:
            defined = live[live["definition"].fillna("").str.strip() != ""]
            if defined.empty:
                raise WorkbenchError("Guided topics need codes with definitions; add definitions to the codebook first.")
            guidance.seed_vectors = self.embed((defined["name"] + ": " + defined["definition"]).tolist(),
                                               params.embedding_model)
        if params.zero_shot:
            if live.empty:
                raise WorkbenchError("Zero-shot topics need a codebook; add codes first.")
            guidance.candidate_names = live["name"].tolist()
            guidance.candidate_vectors = self.embed(guidance.candidate_names, params.embedding_model)
        return guidance

    def run(self, segments: pd.DataFrame, params: TopicParameters, codebook: pd.DataFrame,
            name: str | None = None, selection: dict | None = None, show_progress: bool = True,
            on_stage: Callable[[str], None] = lambda stage: None,
            on_progress: Callable[[Progress], None] = lambda progress: None) -> int:
        """Fit and save a run; returns its id. Stages show on a tqdm progress bar (in
        words: "embedding 1,200 of 4,000 passages", "clustering similar passages", ...),
        are passed to `on_stage` and, with the count while embedding, to `on_progress`
        (a widget's status line). `cancel()` stops the run at the next stage boundary
        (or chunk of embeddings): no run is saved (vectors already embedded stay cached)."""
        from tqdm.auto import tqdm

        self.cancelled.clear()
        self.last_embedded = 0
        texts = segments["text"].tolist()
        bar = tqdm(total=len(STAGES), desc="topics", disable=not show_progress, leave=False)

        def tell(progress: Progress) -> None:
            bar.set_description(str(progress))
            bar.n = STAGES.index(progress.stage)
            bar.refresh()
            on_progress(progress)

        def show(stage: str) -> None:
            on_stage(stage)
            if stage != "embed":  # the embed stage tells its count as it goes
                tell(Progress(stage))

        try:
            show("embed")
            embeddings = self.embed(texts, params.embedding_model,
                                    lambda done, total: tell(Progress("embed", done, total)))
            guidance = self.guidance(params, codebook)
            key = reduce_key(embeddings, params, guidance)
            if self.cache.get(key) is None:
                with self.store.read() as conn:
                    stored = load_reduction(conn, key)
                if stored is not None:
                    self.cache.put(key, stored)
            result = fit_topics(texts, embeddings, params, guidance, self.cache, self._check_cancel, show)
            self._check_cancel()
            show("save")
            reduction = (key, *self.cache.get(key)) if "reduce" in result.stages_run else None
            run_id = self.save(segments, params, result, name, selection or {}, reduction)
            bar.n = len(STAGES)
            bar.refresh()
        finally:
            bar.close()
            self.cancelled.clear()
        self.last_stages = ["embed"] * bool(self.last_embedded) + result.stages_run
        return run_id

    def save(self, segments: pd.DataFrame, params: TopicParameters, result: TopicResult, name: str | None,
             selection: dict, reduction: tuple | None = None) -> int:
        segment_ids = segments["id"].astype(int).tolist()
        with self.write() as writer:
            if reduction is not None:
                save_reduction(writer, *reduction)
            run_id = writer.insert(topic_runs, {
                "name": name or f"Topics {now()[:16]}", "embedding_model": model_key(params.embedding_model),
                "parameters": json.dumps({**params.as_dict(), "selection": selection}),
                "segment_count": len(segment_ids), "created_by": writer.member_id, "created_at": now(),
            }, "topics.run")
            topic_ids = {}
            for row in result.table.itertuples():
                topic_ids[row.number] = writer.insert(topics, {
                    "run_id": run_id, "number": int(row.number), "label": row.label,
                    "keywords": json.dumps(row.keywords),
                    "representative_segments": json.dumps([segment_ids[index] for index in row.representatives]),
                    "size": int(row.size), "status": "candidate",
                }, "topic.add")
            writer.insert_many(topic_assignments, [
                {"run_id": run_id, "segment_id": segment_id, "topic_id": topic_ids[int(topic)],
                 "x": float(x), "y": float(y)}
                for segment_id, topic, (x, y) in zip(segment_ids, result.topics, result.coordinates)
            ], None)
            writer.log("topics.assign", "topic_assignments", run_id, {"segments": len(segment_ids)})
        return run_id
