"""Every published worked example in ../shared/validation/agreement, reproduced by a
project built through the public API, matched to the published decimals."""

import numpy as np
import pandas as pd
import pytest

from workbench.agreement import (category_counts, cohen_kappa_table, fleiss_kappa, fleiss_kappa_z,
                                 krippendorff_agreement_terms, unit_agreement)

from agreement_helpers import (assert_published, build_presence_project, build_rated_project, published,
                               read_ratings, table_to_ratings)


def code_row(report, code="Rating"):
    return report.codes.set_index("code").loc[code]


def pair_row(report, first, second, code="Rating"):
    pairs = report.pairs
    return pairs[(pairs["code"] == code) & (pairs["member_a"] == first) & (pairs["member_b"] == second)].iloc[0]


def test_krippendorff_2011_all_levels_and_fleiss_with_missing_data(validation, tmp_path):
    case = validation / "agreement/krippendorff2011_4obs_12units"
    ratings, expected = read_ratings(case / "ratings.csv"), published(case)
    project = build_rated_project(tmp_path / "k2011.db", ratings)
    for level in ("nominal", "ordinal", "interval", "ratio"):
        project.mark_exclusive("Rating", level)  # re-marking changes the level, logged
        row = code_row(project.agreement(members=list(ratings.columns)))
        assert row["level"] == level
        assert_published(row["krippendorff_alpha"], **expected[f"krippendorff_alpha_{level}"])
    fleiss = expected["fleiss_kappa_gwet_missing_data"]
    assert_published(row["fleiss_kappa"], fleiss["value"], 3)
    table = project.unit_table("Rating", members=list(ratings.columns))[list(ratings.columns)].to_numpy(float)
    computed = fleiss_kappa(table)
    assert_published(computed["pa"], fleiss["pa"], 3)
    assert_published(computed["pe"], fleiss["pe"], 3)
    gwet = krippendorff_agreement_terms(table)
    assert_published(gwet["pa"], expected["krippendorff_pa_gwet"]["value"], 3)
    assert_published(gwet["pe"], expected["krippendorff_pa_gwet"]["pe"], 3)
    assert row["units"] == 12 and row["units_compared"] == 11  # unit 12 has one value and drops out
    assert (project.events()["action"] == "code_group.exclusive_update").sum() == 4


def test_wikipedia_alpha_with_empty_and_single_units(validation, tmp_path):
    case = validation / "agreement/wikipedia_kalpha_3obs_15units"
    ratings, expected = read_ratings(case / "ratings.csv"), published(case)
    project = build_rated_project(tmp_path / "wiki.db", ratings)
    members = list(ratings.columns)
    assert_published(code_row(project.agreement(members=members))["krippendorff_alpha"],
                     **expected["krippendorff_alpha_nominal"])
    project.mark_exclusive("Rating", "interval")
    assert_published(code_row(project.agreement(members=members))["krippendorff_alpha"],
                     **expected["krippendorff_alpha_interval"])


def test_hayes_krippendorff_2007_ordinal(validation, tmp_path):
    case = validation / "agreement/hayes2007_news_tone_5obs_40units"
    ratings, expected = read_ratings(case / "ratings.csv"), published(case)
    project = build_rated_project(tmp_path / "hayes.db", ratings, level="ordinal")
    row = code_row(project.agreement(members=list(ratings.columns)))
    assert_published(row["krippendorff_alpha"], **expected["krippendorff_alpha_ordinal"])
    assert int(project.unit_table("Rating")[list(ratings.columns)].notna().to_numpy().sum()) == 159


def test_krippendorff_2004_binary_as_presence_of_a_code(validation, tmp_path):
    case = validation / "agreement/krippendorff2004_binary_2obs_10units"
    ratings, expected = read_ratings(case / "ratings.csv"), published(case)
    project = build_presence_project(tmp_path / "binary.db", ratings, "In the news", present="1")
    report = project.agreement(members=list(ratings.columns), skip_uncoded=False)  # the published units, all of them
    row = code_row(report, "In the news")
    assert row["kind"] == "presence" and row["units"] == 10
    assert_published(row["krippendorff_alpha"], **expected["krippendorff_alpha_nominal"])


def test_fleiss_wikipedia_14_raters(validation, tmp_path):
    case = validation / "agreement/fleiss_wikipedia_10subj_14raters"
    counts, expected = pd.read_csv(case / "counts.csv", index_col=0), published(case)
    ratings = pd.DataFrame([sum(([category] * int(n) for category, n in row.items()), []) for _, row in counts.iterrows()],
                           columns=[f"Rater {i}" for i in range(1, 15)])
    project = build_rated_project(tmp_path / "fleiss.db", ratings, order=list(counts.columns))
    members = list(ratings.columns)
    row = code_row(project.agreement(members=members))
    assert_published(row["fleiss_kappa"], **expected["fleiss_kappa"])
    assert_published(row["percent_agreement"], **expected["P_bar"])
    table = project.unit_table("Rating", members=members)[members].to_numpy(float)
    assert_published(fleiss_kappa(table)["pe"], **expected["P_e_bar"])
    for share, value in zip(category_counts(table)["share"], expected["p_j"]["value"]):
        assert_published(share, value, expected["p_j"]["decimals"])
    for agreement, value in zip(unit_agreement(table), expected["P_i"]["value"]):
        assert_published(agreement, value, expected["P_i"]["decimals"])


def test_fleiss_1971_diagnoses(validation, tmp_path):
    case = validation / "agreement/fleiss1971_diagnoses_30subj_6raters"
    ratings, expected = read_ratings(case / "ratings.csv"), published(case)
    project = build_rated_project(tmp_path / "diagnoses.db", ratings)
    members = list(ratings.columns)
    row = code_row(project.agreement(members=members))
    assert_published(row["fleiss_kappa"], **expected["fleiss_kappa"])
    table = project.unit_table("Rating", members=members)[members].to_numpy(float)
    assert_published(fleiss_kappa_z(table), expected["z"]["value"])
    assert category_counts(table)["ratings"].tolist() == expected["category_totals"]["value"]


def test_irr_anxiety_weighted_kappa_spaced_by_rank(validation, tmp_path):
    case = validation / "agreement/irr_anxiety_20subj_3raters"
    ratings, expected = read_ratings(case / "ratings.csv"), published(case)
    project = build_rated_project(tmp_path / "anxiety.db", ratings, level="ordinal")
    pair = pair_row(project.agreement(members=list(ratings.columns)), "rater2", "rater3")
    table = project.unit_table("Rating")
    for weights, column, key in ((None, "cohen_kappa", "unweighted"), ("linear", "cohen_kappa_linear", "linear ('equal')"),
                                 ("quadratic", "cohen_kappa_quadratic", "quadratic ('squared')")):
        published_values = expected[f"cohen_kappa_rater2_rater3_{key}"]
        assert_published(pair[column], published_values["value"])
        counts = pd.crosstab(table["rater2"], table["rater3"]).reindex(
            index=sorted(set(table["rater2"]) | set(table["rater3"])),
            columns=sorted(set(table["rater2"]) | set(table["rater3"])), fill_value=0)
        test = cohen_kappa_table(counts.to_numpy(), weights)
        assert_published(test["z"], published_values["z"])
        assert_published(test["p_two_sided"], published_values["p_two_sided"])


def test_cohen_wikipedia_tables_as_presence(validation, tmp_path):
    case = validation / "agreement/cohen_wikipedia_2x2"
    tables, expected = pd.read_csv(case / "tables.csv"), published(case)
    for name, rows in tables.groupby("table", sort=False):
        table = rows.set_index("A")[["B_yes", "B_no"]].rename(columns={"B_yes": "yes", "B_no": "no"})
        ratings = table_to_ratings(table, "Reader A", "Reader B")
        project = build_presence_project(tmp_path / f"{name}.db", ratings, "Fund it", present="yes")
        pair = pair_row(project.agreement(members=["Reader A", "Reader B"], skip_uncoded=False), "Reader A", "Reader B",
                        "Fund it")  # every published unit, those neither reader coded included
        assert pair["units"] == expected[name]["n"]
        assert_published(pair["percent_agreement"], expected[name]["p_o"])
        assert_published(pair["chance_agreement"], expected[name]["p_e"])
        assert_published(pair["cohen_kappa"], expected[name]["cohen_kappa"])
        project.close()


def test_sas_proc_freq_kappa_with_standard_errors(validation, tmp_path):
    case = validation / "agreement/sas_cohen_3x3"
    table, expected = pd.read_csv(case / "table.csv", index_col=0), published(case)
    ratings = table_to_ratings(table)
    project = build_rated_project(tmp_path / "sas.db", ratings, level="ordinal", order=list(table.columns))
    pair = pair_row(project.agreement(members=list(ratings.columns)), "rater 1", "rater 2")
    assert_published(pair["cohen_kappa"], expected["cohen_kappa"]["value"])
    units = project.unit_table("Rating")
    for weights, key in ((None, "cohen_kappa"), ("linear", "weighted_kappa_linear (weights 0,1,2 i.e. Cicchetti-Allison)")):
        counts = pd.crosstab(units["rater 1"], units["rater 2"]).reindex(index=[1.0, 2.0, 3.0], columns=[1.0, 2.0, 3.0],
                                                                         fill_value=0)
        test, values = cohen_kappa_table(counts.to_numpy(), weights), expected[key]
        assert_published(test["kappa"], values["value"])
        assert_published(test["se"], values["ASE"], 4)
        assert_published(test["ci_low"], values["ci95"][0])
        assert_published(test["ci_high"], values["ci95"][1])
        assert_published(test["se_h0"], values["ASE_H0"])
        assert_published(test["z"], values["z"])
        assert_published(test["p_one_sided"], values["p_one_sided"])
        assert_published(test["p_two_sided"], values["p_two_sided"])
    assert_published(pair["cohen_kappa_linear"], expected["weighted_kappa_linear (weights 0,1,2 i.e. Cicchetti-Allison)"]["value"])


@pytest.mark.parametrize("name", ["cont3x3abstractors", "cont4x4diagnosis"])
def test_gwet_contingency_tables(validation, tmp_path, name):
    case = validation / "agreement/gwet_irrCAC_tables"
    table, expected = pd.read_csv(case / f"{name}.csv", index_col=0), published(case)[name]
    ratings = table_to_ratings(table)
    project = build_rated_project(tmp_path / f"{name}.db", ratings, level="ordinal", order=list(table.columns))
    pair = pair_row(project.agreement(members=list(ratings.columns)), "rater 1", "rater 2")
    counts = np.asarray(table, dtype=float)
    for weights, suffix in ((None, ""), ("linear", "_linear"), ("quadratic", "_quadratic")):
        values = expected[f"cohen_kappa{suffix}"]
        assert_published(pair[f"cohen_kappa{suffix}"], values["value"], 3)
        test = cohen_kappa_table(counts, weights, interval="t")
        if "se" in values:
            assert_published(test["se"], values["se"], 3)
        if "ci95" in values:
            assert_published(test["ci_low"], values["ci95"][0], 3)
            assert_published(test["ci_high"], values["ci95"][1], 3)
    for scheme in ("ordinal", "ratio", "radical", "circular", "bipolar"):  # Gwet's other weights
        assert_published(cohen_kappa_table(counts, scheme)["kappa"], expected[f"cohen_kappa_{scheme}"], 3)


@pytest.mark.parametrize("name", ["raw_5observers", "raw_ben_gerry", "raw_g1g2", "raw_gender"])
def test_gwet_raw_sets_with_missing_ratings(validation, tmp_path, name):
    case = validation / "agreement/gwet_irrCAC_raw"
    ratings, expected = read_ratings(case / f"{name}.csv"), published(case)[name]
    # raw_5observers holds numbers, but its published values are unweighted (nominal)
    project = build_rated_project(tmp_path / f"{name}.db", ratings)
    members = list(ratings.columns)
    row = code_row(project.agreement(members=members))
    assert_published(row["fleiss_kappa"], expected["fleiss_kappa"]["value"], 3)
    assert_published(row["krippendorff_alpha"], expected["krippendorff_alpha_nominal"]["value"], 3)
    # the report carries Gwet's standard errors (irrCAC, no finite-population correction)
    assert_published(row["krippendorff_alpha_se"], expected["krippendorff_alpha_nominal"]["se"], 3)
    assert_published(row["fleiss_kappa_se"], expected["fleiss_kappa"]["se"], 3)
    table = project.unit_table("Rating", members=members)[members].to_numpy(float)
    fleiss, alpha = fleiss_kappa(table), krippendorff_agreement_terms(table)
    for key in ("pa", "pe", "se"):
        assert_published(fleiss[key], expected["fleiss_kappa"][key], 3)
    for key in ("pa", "pe", "se"):
        assert_published(alpha[key], expected["krippendorff_alpha_nominal"][key], 3)
    assert_published(alpha["alpha"], expected["krippendorff_alpha_nominal"]["value"], 3)
