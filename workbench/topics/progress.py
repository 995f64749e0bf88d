"""What a topic run is doing, in words a person reads while waiting (issue 18): the
stage and, while embedding, how many passages of how many.

    embedding 1,200 of 4,000 passages -> reducing -> clustering -> naming -> saving
"""

from __future__ import annotations

from dataclasses import dataclass

WORDS = {
    "embed": "embedding",
    "reduce": "reducing the embeddings to a few dimensions",
    "cluster": "clustering similar passages",
    "describe": "naming the topics",
    "save": "saving the run",
}


@dataclass(frozen=True)
class Progress:
    stage: str  # one of runs.STAGES
    done: int = 0  # passages embedded so far (embed stage only)
    total: int = 0  # passages this run has to embed (those not cached before)

    def __str__(self) -> str:
        if self.stage == "embed":
            if not self.total:
                return "embedding: every passage was embedded before, reading them"
            return f"embedding {self.done:,} of {self.total:,} passages"
        return WORDS.get(self.stage, self.stage)

    def as_dict(self) -> dict:
        return {"stage": self.stage, "done": self.done, "total": self.total, "text": str(self)}
