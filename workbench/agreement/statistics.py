"""Agreement statistics on a unit x member table (numbers, NaN = missing).

Krippendorff's alpha comes from the `krippendorff` package, Cohen's kappa (with its
standard error and test) from statsmodels, and so does Fleiss' kappa when every unit
has the same number of ratings. With missing ratings Fleiss' kappa uses Gwet's (2014)
generalisation, as R's irrCAC does: agreement averaged over units with two or more
ratings, category proportions averaged over units with at least one.

Weighted kappa spaces the weights by the rank of the values the two members actually
used, as R irr's kappa2 does (statsmodels weights by position in the table), not by
their numbers.
"""

from __future__ import annotations

import warnings
from itertools import combinations

import krippendorff
import numpy as np
import pandas as pd
from scipy.stats import t as student_t
from statsmodels.stats.inter_rater import cohens_kappa as statsmodels_cohens_kappa
from statsmodels.stats.inter_rater import fleiss_kappa as statsmodels_fleiss_kappa

from .compress import krippendorff_distance, weighted_alpha
from .weights import agreement_weights

LEVELS = ("nominal", "ordinal", "interval", "ratio")
PAIR_STATISTICS = ["member_a", "member_b", "units", "percent_agreement", "chance_agreement", "cohen_kappa",
                   "cohen_kappa_linear", "cohen_kappa_quadratic"]


def _category_counts(table: np.ndarray) -> np.ndarray:
    """Unit x category: how many members gave the unit each value."""
    categories = np.sort(pd.unique(table[~np.isnan(table)]))
    return np.stack([(table == category).sum(axis=1) for category in categories], axis=1).astype(float) \
        if len(categories) else np.zeros((len(table), 0))


def _weights(table: np.ndarray, weights) -> np.ndarray:
    return np.ones(len(table)) if weights is None else np.asarray(weights, dtype=float)


def percent_agreement(table: np.ndarray, weights=None) -> float:
    """Share of agreeing member pairs, averaged over units rated by two or more
    (`weights`: how many times each row counts; see compress.py)."""
    counts = _category_counts(np.asarray(table, dtype=float))
    ratings = counts.sum(axis=1)
    pairable = ratings >= 2
    if not pairable.any():
        return float("nan")
    agreeing = (counts * (counts - 1)).sum(axis=1)[pairable]
    return float(np.average(agreeing / (ratings * (ratings - 1))[pairable], weights=_weights(table, weights)[pairable]))


def unit_agreement(table: np.ndarray) -> np.ndarray:
    """Per unit: the share of its member pairs that agree (NaN below two ratings)."""
    counts = _category_counts(np.asarray(table, dtype=float))
    ratings = counts.sum(axis=1)
    with np.errstate(all="ignore"):
        return np.where(ratings >= 2, (counts * (counts - 1)).sum(axis=1) / (ratings * (ratings - 1)), np.nan)


def category_counts(table: np.ndarray) -> pd.DataFrame:
    """Per value: how many ratings gave it, and its share of all ratings."""
    table = np.asarray(table, dtype=float)
    counts = _category_counts(table).sum(axis=0)
    return pd.DataFrame({"value": np.unique(table[~np.isnan(table)]), "ratings": counts.astype(int),
                         "share": counts / counts.sum() if counts.sum() else counts})


def fleiss_kappa_z(table: np.ndarray) -> float:
    """Fleiss' kappa over its standard error under no agreement (Fleiss, Nee and
    Landis 1979; what R irr's kappam.fleiss reports). Needs complete ratings."""
    counts = _category_counts(np.asarray(table, dtype=float))
    ratings = counts.sum(axis=1)
    if len(counts) == 0 or not np.all(ratings == ratings[0]) or ratings[0] < 2:
        return float("nan")
    subjects, raters = len(counts), ratings[0]
    p = counts.sum(axis=0) / (subjects * raters)
    q = p * (1 - p)
    se = (np.sqrt(2) / (q.sum() * np.sqrt(subjects * raters * (raters - 1)))
          * np.sqrt(q.sum() ** 2 - np.sum(q * (1 - 2 * p))))
    return float(fleiss_kappa(table)["kappa"] / se)


def fleiss_kappa(table: np.ndarray, weights=None) -> dict[str, float]:
    """Fleiss' kappa with its observed (pa) and chance (pe) agreement and Gwet's (2014)
    standard error (no finite-population correction)."""
    counts = _category_counts(np.asarray(table, dtype=float))
    ratings = counts.sum(axis=1)
    w = _weights(table, weights)[ratings > 0]
    counts, ratings = counts[ratings > 0], ratings[ratings > 0]
    pairable = ratings >= 2
    nan = float("nan")
    if not pairable.any() or counts.shape[1] == 0:
        return {"kappa": nan, "pa": nan, "pe": nan, "se": nan}
    unit_pa = (counts * (counts - 1)).sum(axis=1) / np.where(pairable, ratings * (ratings - 1), 1)
    pa = float(np.average(unit_pa[pairable], weights=w[pairable]))
    shares = np.average(counts / ratings[:, None], axis=0, weights=w)
    pe = float(np.sum(shares ** 2))
    if pe == 1:
        return {"kappa": nan, "pa": pa, "pe": pe, "se": nan}
    if weights is None and pairable.all() and np.all(ratings == ratings[0]):
        kappa = float(statsmodels_fleiss_kappa(counts, method="fleiss"))
    else:
        kappa = (pa - pe) / (1 - pe)
    n = w.sum()
    unit_kappa = (n / w[pairable].sum()) * (unit_pa - pe * pairable) / (1 - pe)
    unit_pe = (counts @ shares) / ratings
    linearised = unit_kappa - 2 * (1 - kappa) * (unit_pe - pe) / (1 - pe)
    se = float(np.sqrt(np.sum(w * (linearised - kappa) ** 2) / (n * (n - 1)))) if n > 1 else nan
    return {"kappa": kappa, "pa": pa, "pe": pe, "se": se}


def _gwet_alpha_weights(counts: np.ndarray, level: str, domain: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Agreement weights 1 - distance / largest distance, Krippendorff's metric at `level`."""
    distance = krippendorff_distance(level, domain, (counts * w[:, None]).sum(axis=0))
    return 1 - distance / distance.max()


def krippendorff_agreement_terms(table: np.ndarray, level: str = "nominal", domain=None,
                                 weights=None) -> dict[str, float]:
    """Krippendorff's alpha in Gwet's (2014) formulation, as R irrCAC's krippen.alpha.raw
    computes it: alpha = (pa - pe) / (1 - pe) with observed (pa) and chance (pe)
    agreement weighted by 1 - distance / largest distance (Krippendorff's metric at
    `level`, so alpha equals Krippendorff's), and its standard error: each unit's
    linearised contribution, spread over n(n-1), n = units with two or more ratings
    (no finite-population correction; irrCAC's default N = Inf)."""
    table = np.asarray(table, dtype=float)
    nan = {"alpha": float("nan"), "pa": float("nan"), "pe": float("nan"), "se": float("nan")}
    domain = np.asarray(sorted(domain) if domain is not None else np.unique(table[~np.isnan(table)]), dtype=float)
    counts = np.stack([(table == value).sum(axis=1) for value in domain], axis=1).astype(float) \
        if len(domain) else np.zeros((len(table), 0))
    ratings = counts.sum(axis=1)
    pairable = ratings >= 2
    counts, ratings, w = counts[pairable], ratings[pairable], _weights(table, weights)[pairable]
    if len(ratings) == 0 or len(domain) < 2:
        return nan
    agree = _gwet_alpha_weights(counts, level, domain, w)
    n, mean = w.sum(), np.average(ratings, weights=w)
    epsilon = 1 / (w * ratings).sum()
    unit_observed = (counts * (counts @ agree.T - 1)).sum(axis=1) / (mean * (ratings - 1))
    observed = np.average(unit_observed, weights=w)
    shares = np.average(counts / mean, axis=0, weights=w)
    pe = float(shares @ agree @ shares)
    pa = float((1 - epsilon) * observed + epsilon)
    if pe == 1:
        return {**nan, "pa": pa, "pe": pe}
    alpha, alpha_prime = (pa - pe) / (1 - pe), (observed - pe) / (1 - pe)
    unit_alpha = (unit_observed - observed * (ratings - mean) / mean - pe) / (1 - pe)
    unit_pe = counts @ ((agree + agree.T) @ shares / 2) / mean - pe * (ratings - mean) / mean
    linearised = unit_alpha - 2 * (1 - alpha_prime) * (unit_pe - pe) / (1 - pe)
    se = float(np.sqrt(np.sum(w * (linearised - alpha_prime) ** 2) / (n * (n - 1)))) if n > 1 else float("nan")
    return {"alpha": float(alpha), "pa": pa, "pe": pe, "se": se}


def krippendorff_alpha(table: np.ndarray, level: str = "nominal", domain=None, weights=None) -> float:
    """Krippendorff's alpha; units with fewer than two values drop out, as they must.
    With `weights` (rows counted several times) it is computed from the coincidence
    matrix here, as the package cannot weight rows."""
    table = np.asarray(table, dtype=float)
    values = np.sort(pd.unique(table[~np.isnan(table)]))
    domain = np.asarray(sorted(domain) if domain is not None else values, dtype=float)
    if len(values) < 2 or len(domain) < 2 or ((~np.isnan(table)).sum(axis=1) >= 2).sum() == 0:
        return float("nan")  # one value only, or nothing pairable: alpha is undefined
    if weights is not None:
        return weighted_alpha(table, weights, level, domain)
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # no expected disagreement: alpha is NaN
        return float(krippendorff.alpha(reliability_data=table.T, level_of_measurement=level, value_domain=domain))


def _contingency(a: np.ndarray, b: np.ndarray, weights=None) -> np.ndarray:
    """Two members' ratings as a square table over the values either used, in order
    (so weights are spaced by rank, as in R irr)."""
    both = np.concatenate([a, b])
    labels = np.sort(pd.unique(both))  # hashing, not sorting, the (many) ratings
    size = len(labels)
    cells = np.searchsorted(labels, a) * size + np.searchsorted(labels, b)
    return np.bincount(cells, weights=weights, minlength=size * size).reshape(size, size).astype(float)


def cohen_kappa_table(table: np.ndarray, weights: str | None = None, interval: str = "normal") -> dict[str, float]:
    """Cohen's kappa of a two-member contingency table, with its standard error,
    95% interval and test against zero (statsmodels; matches SAS PROC FREQ and R irr).
    `weights`: None, "linear", "quadratic" or another of Gwet's schemes ("ordinal",
    "radical", "ratio", "circular", "bipolar"; see weights.py). `interval="t"` takes
    the interval from Student's t with n-1 degrees of freedom, as Gwet's irrCAC does,
    instead of the normal distribution (SAS, statsmodels)."""
    table = np.asarray(table, dtype=float)
    n = table.sum()
    po = float(np.trace(table) / n) if n else float("nan")
    pe = float(table.sum(axis=1) @ table.sum(axis=0) / n**2) if n else float("nan")
    nan = float("nan")
    result = {"kappa": nan, "se": nan, "ci_low": nan, "ci_high": nan, "se_h0": nan, "z": nan,
              "p_one_sided": nan, "p_two_sided": nan, "po": po, "pe": pe}
    if n == 0 or len(table) < 2 or pe == 1:
        return result  # nothing shared, or one value only: chance explains everything
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        if weights in (None, "linear", "quadratic"):
            fit = statsmodels_cohens_kappa(table, wt=weights)
        else:  # Gwet's other schemes, as a disagreement matrix
            fit = statsmodels_cohens_kappa(table, weights=1 - agreement_weights(weights, len(table)))
    result.update(kappa=float(fit.kappa), se=float(fit.std_kappa), ci_low=float(fit.kappa_low),
                  ci_high=float(fit.kappa_upp), se_h0=float(fit.std_kappa0), z=float(fit.z_value),
                  p_one_sided=float(fit.pvalue_one_sided), p_two_sided=float(fit.pvalue_two_sided))
    if interval == "t":
        margin = student_t.ppf(0.975, n - 1) * result["se"]
        result.update(ci_low=max(-1.0, result["kappa"] - margin), ci_high=min(1.0, result["kappa"] + margin))
    return result


def cohen_kappa_test(a, b, weights: str | None = None) -> dict[str, float]:
    """Cohen's kappa of two members' ratings over the units both rated, with its
    standard error and test (`weights` as in `cohen_kappa_table`)."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    both = ~np.isnan(a) & ~np.isnan(b)
    return cohen_kappa_table(_contingency(a[both], b[both]), weights)


def cohen_kappa(a, b, weights: str | None = None) -> float:
    return cohen_kappa_test(a, b, weights)["kappa"]


def _kappa_only(table: np.ndarray, weights: str | None) -> float:
    n = table.sum()
    if n == 0 or len(table) < 2 or table.sum(axis=1) @ table.sum(axis=0) == n**2:
        return float("nan")
    with np.errstate(all="ignore"):
        return float(statsmodels_cohens_kappa(table, wt=weights, return_results=False))


def pairwise(table: pd.DataFrame, ordered: bool, weights=None) -> pd.DataFrame:
    """Each pair of members: shared units, percent and chance agreement and Cohen's
    kappa (weighted too when the values are ordered). `cohen_kappa_test` gives a
    pair's standard error and test."""
    rows = []
    for first, second in combinations(table.columns, 2):
        a, b = table[first].to_numpy(float), table[second].to_numpy(float)
        both = ~np.isnan(a) & ~np.isnan(b)
        contingency = _contingency(a[both], b[both], None if weights is None else np.asarray(weights)[both])
        n = contingency.sum()
        rows.append({
            "member_a": first, "member_b": second, "units": int(n),
            "percent_agreement": float(np.trace(contingency) / n) if n else float("nan"),
            "chance_agreement": float(contingency.sum(axis=1) @ contingency.sum(axis=0) / n**2) if n else float("nan"),
            "cohen_kappa": _kappa_only(contingency, None),
            "cohen_kappa_linear": _kappa_only(contingency, "linear") if ordered else float("nan"),
            "cohen_kappa_quadratic": _kappa_only(contingency, "quadratic") if ordered else float("nan"),
        })
    return pd.DataFrame(rows, columns=PAIR_STATISTICS)
