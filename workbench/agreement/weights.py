"""Agreement weights for weighted kappa over q ordered values, as Gwet (2014) and R
irrCAC define them: 1 for full agreement, 0 for the furthest pair. Values are the
categories' ranks 1..q unless numbers are given."""

from __future__ import annotations

import numpy as np

SCHEMES = ("identity", "linear", "quadratic", "ordinal", "radical", "ratio", "circular", "bipolar")


def agreement_weights(scheme: str, q: int, values=None) -> np.ndarray:
    if scheme not in SCHEMES:
        raise ValueError(f"unknown weighting {scheme!r}; use one of {', '.join(SCHEMES)}")
    x = np.asarray(values if values is not None else np.arange(1, q + 1), dtype=float)
    k, l = np.meshgrid(x, x, indexing="ij")
    rank_k, rank_l = np.meshgrid(np.arange(1, q + 1), np.arange(1, q + 1), indexing="ij")
    if scheme == "identity":
        return np.eye(q)
    if scheme == "linear":
        distance = np.abs(k - l)
    elif scheme == "quadratic":
        distance = (k - l) ** 2
    elif scheme == "ordinal":  # how many pairs of ranks lie between the two
        n = np.abs(rank_k - rank_l) + 1
        distance = n * (n - 1) / 2
    elif scheme == "radical":
        distance = np.sqrt(np.abs(k - l))
    elif scheme == "ratio":
        distance = ((k - l) / (k + l)) ** 2
    elif scheme == "circular":
        distance = np.sin(np.pi * (k - l) / (x.max() - x.min() + 1)) ** 2
    else:  # bipolar
        with np.errstate(all="ignore"):
            distance = np.where(k == l, 0.0, (k - l) ** 2 / ((k + l - 2 * x.min()) * (2 * x.max() - k - l)))
    return 1 - distance / distance.max()
