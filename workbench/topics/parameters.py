"""What a topic run is asked to do; saved with the run so it can be repeated."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace

from ..errors import WorkbenchError


@dataclass(frozen=True)
class TopicParameters:
    embedding_model: str | None = None  # None: all-MiniLM-L6-v2 from its installed package
    reduction: str = "umap"  # or "pca" (no compile, coarser topics)
    n_neighbors: int = 15
    n_components: int = 5
    # UMAP's passes over the data; None keeps UMAP's own choice (200 from 10,000
    # segments, 500 below). 100 halved the reduction (8 -> 4 s on 10,334 comments) with
    # topic NMI within seed-to-seed noise: a quicker first look while tuning.
    umap_epochs: int | None = None
    min_topic_size: int = 10
    nr_topics: int | None = None  # merge similar topics down to this many
    seed: int = 42
    guided: bool = False  # nudge segments toward the codebook's definitions
    zero_shot: bool = False  # code names as candidate topics
    zero_shot_min_similarity: float = 0.5
    reduce_outliers: bool = False
    top_words: int = 10

    def __post_init__(self):
        if self.reduction not in ("umap", "pca"):
            raise WorkbenchError(f"'{self.reduction}' is not a reduction the workbench knows; use 'umap' or 'pca'.")
        if self.min_topic_size < 2:
            raise WorkbenchError("The minimum topic size must be at least 2 segments.")
        if self.nr_topics is not None and self.nr_topics < 2:
            raise WorkbenchError("Ask for at least 2 topics, or leave the number of topics unset.")
        if self.n_neighbors < 2 or self.n_components < 2:
            raise WorkbenchError("Use at least 2 neighbours and 2 components.")
        if self.umap_epochs is not None and not 10 <= self.umap_epochs <= 5000:
            raise WorkbenchError("Give UMAP between 10 and 5,000 epochs, or leave it unset for UMAP's own choice.")

    def reduce_key(self) -> tuple:
        """The parameters the reduced embeddings depend on (the re-cluster cache key)."""
        key = (self.embedding_model, self.reduction, self.n_neighbors, self.n_components, self.seed, self.guided)
        # unset epochs leave the key as before, so reductions saved earlier still count
        return key if self.umap_epochs is None or self.reduction != "umap" else (*key, self.umap_epochs)

    def with_changes(self, **changes) -> "TopicParameters":
        return replace(self, **changes)

    def as_dict(self) -> dict:
        return asdict(self)
