"""Embedding throughput on a sample of the pxtextmining comments: float32 against
bfloat16 (what `workbench.topics.embeddings` uses where the processor has it), in one
process, rounds interleaved so machine load hits both alike. A quick check (about a
minute), not the topic benchmark (benchmarks/topics.py).

    .venv/bin/python benchmarks/topic_embedding.py [--sample 1000] [--rounds 3] [--threads 1]

CPU seconds on one thread are the steadiest figure on a shared machine; wall time on
more threads depends on what else runs. Also prints how close the vectors are.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sample", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()

    import numpy as np
    import torch
    from topics import DATA, comments

    from workbench.topics.embeddings import encode, load_model, native_bfloat16

    texts = comments(DATA).sample(args.sample, random_state=1)["feedback"].tolist()
    distinct = sorted(dict.fromkeys(texts), key=len, reverse=True)  # as embed_texts orders them
    model = load_model(None)
    torch.set_num_threads(args.threads)
    kinds = ["float32", "bfloat16"]
    for how in kinds:
        encode(model, distinct[:64], how)  # first calls set up kernels
    timings: dict[str, list[tuple[float, float]]] = {how: [] for how in kinds}
    vectors = {}
    for _ in range(args.rounds):
        for how in kinds:
            wall, cpu = time.perf_counter(), time.process_time()
            vectors[how] = encode(model, distinct, how)
            timings[how].append((time.perf_counter() - wall, time.process_time() - cpu))
    print(f"{args.sample} comments, {len(distinct)} distinct, {args.threads} torch thread(s), "
          f"native bfloat16: {native_bfloat16()}, load {os.getloadavg()[0]:.2f}")
    for how, found in timings.items():
        cpu = statistics.median(c for _, c in found)
        wall = min(w for w, _ in found)
        print(f"{how:9s} CPU {cpu:5.1f} s (median) = {len(distinct) / cpu:4.0f} texts per CPU second; "
              f"best wall {wall:5.1f} s = {len(distinct) / wall:4.0f} texts/s")
    full, half = vectors["float32"], vectors["bfloat16"]
    cosine = (full * half).sum(1) / np.linalg.norm(full, axis=1) / np.linalg.norm(half, axis=1)
    print(f"cosine bfloat16 to float32: mean {cosine.mean():.5f}, min {cosine.min():.5f}")
    figures = {f"{how}_texts_per_s": round(len(distinct) / min(w for w, _ in found), 1) for how, found in timings.items()}
    print(json.dumps({"sample": args.sample, "distinct": len(distinct), "threads": args.threads, **figures,
                      "bfloat16_over_float32": round(figures["bfloat16_texts_per_s"] / figures["float32_texts_per_s"], 3),
                      "cosine_mean": round(float(cosine.mean()), 6), "cosine_min": round(float(cosine.min()), 6),
                      "load_average_1m": round(os.getloadavg()[0], 2)}))


if __name__ == "__main__":
    main()
