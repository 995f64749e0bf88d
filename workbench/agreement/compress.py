"""Character units make tables of a million rows but only a few distinct rows (each
member: a value or missing). Identical rows contribute identically to every statistic,
so they are counted once with their multiplicity."""

from __future__ import annotations

import numpy as np
import pandas as pd


def _row_keys(table: np.ndarray) -> tuple[np.ndarray, np.ndarray, int]:
    """Each row as one whole number (a digit per member: 0 missing, else 1 + the value's
    rank among the table's values), the values, and the digits' base."""
    values = np.sort(pd.unique(table[~np.isnan(table)]))
    codes = np.where(np.isnan(table), 0, np.searchsorted(values, np.nan_to_num(table)) + 1).astype(np.int64)
    base = len(values) + 1
    return codes @ (base ** np.arange(table.shape[1], dtype=np.int64)), values, base


def distinct_rows(table: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct rows of a unit x member table (NaN = missing) and how often each occurs."""
    table = np.asarray(table, dtype=float)
    keys, values, base = _row_keys(table)
    unique_keys, counts = np.unique(keys, return_counts=True)
    digits = (unique_keys[:, None] // (base ** np.arange(table.shape[1], dtype=np.int64))) % base
    rows = np.where(digits == 0, np.nan, values[np.maximum(digits - 1, 0)] if len(values) else np.nan)
    return rows, counts.astype(float)


def merge_rows(rows: np.ndarray, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """`distinct_rows` of a table given as rows occurring `counts` times each (rows may
    repeat; counts of 0 are dropped): the same rows in the same order with the same
    multiplicities as `distinct_rows` of the whole table, without building it."""
    present = np.asarray(counts) > 0
    rows, counts = np.asarray(rows, dtype=float)[present], np.asarray(counts, dtype=float)[present]
    distinct, _ = distinct_rows(rows)
    keys, _, _ = _row_keys(rows)
    distinct_keys, _, _ = _row_keys(distinct) if len(distinct) else (np.zeros(0, np.int64), None, None)
    place = np.searchsorted(distinct_keys, keys)
    return distinct, np.bincount(place, weights=counts, minlength=len(distinct)).astype(float)


def weighted_alpha(table: np.ndarray, weights: np.ndarray, level: str, domain) -> float:
    """Krippendorff's alpha from the coincidence matrix, each unit counted `weights`
    times (the definition in Krippendorff 2011; equal to the `krippendorff` package's
    value on unweighted data, which the tests check)."""
    domain = np.asarray(sorted(domain), dtype=float)
    table = np.asarray(table, dtype=float)
    counts = np.stack([(table == value).sum(axis=1) for value in domain], axis=1).astype(float)
    pairable = counts.sum(axis=1)
    keep = pairable >= 2
    counts, pairable, weights = counts[keep], pairable[keep], np.asarray(weights, dtype=float)[keep]
    if len(counts) == 0:
        return float("nan")
    scaled = counts * (weights / (pairable - 1))[:, None]
    coincidences = scaled.T @ counts - np.diag(scaled.sum(axis=0))
    totals = coincidences.sum(axis=1)
    n = totals.sum()
    distance = krippendorff_distance(level, domain, totals)
    expected = (np.outer(totals, totals) - np.diag(totals)) / (n - 1)
    disagreement = (expected * distance).sum()
    if disagreement == 0:
        return float("nan")
    return float(1 - (coincidences * distance).sum() / disagreement)


def krippendorff_distance(level: str, domain: np.ndarray, totals: np.ndarray) -> np.ndarray:
    """Krippendorff's squared distance between every two values of `domain` at `level`;
    `totals`: how many pairable values each is (the ordinal metric counts those between)."""
    c, k = np.meshgrid(domain, domain, indexing="ij")
    if level == "nominal":
        return (c != k).astype(float)
    if level == "interval":
        return (c - k) ** 2
    if level == "ratio":
        with np.errstate(all="ignore"):
            return np.nan_to_num(((c - k) / (c + k)) ** 2)
    cumulative = np.cumsum(totals)  # ordinal: the pairable values lying between c and k
    i, j = np.meshgrid(np.arange(len(domain)), np.arange(len(domain)), indexing="ij")
    low, high = np.minimum(i, j), np.maximum(i, j)
    between = cumulative[high] - np.where(low > 0, cumulative[np.maximum(low - 1, 0)], 0)
    return (between - (totals[i] + totals[j]) / 2) ** 2
