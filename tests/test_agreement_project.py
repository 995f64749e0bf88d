"""Agreement on real projects: unitising span codings, exclusive groups, the consensus
layer, the input paths (panel, Excel coding sheets, REFI-QDA), the CLI and migration."""

import json
import shutil
import sqlite3

import numpy as np
import pandas as pd
import pytest

from workbench import Project
from workbench.cli import main
from workbench.errors import WorkbenchError
from workbench.figures import agreement_heatmap



def snapshot(project: Project) -> dict:
    """Everything a project holds (NaN-safe), to compare before and after a refused action."""
    return {name: getattr(project, name)().astype(str).to_dict("records")
            for name in ("documents", "segments", "members", "codes", "codings", "memos", "events")}

TRANSCRIPT = (
    "Interviewer: How did the day of discharge go?\n"
    "Rose: Nobody told me when I could go. I waited all day for my tablets.\n"
    "Interviewer: And at home?\n"
    "Rose: My daughter found out from the neighbour that I was home.\n"
)
STUDY = ["int01_rose", "int04_dev", "fg01_discharge_focus_group"]
CODERS = ["Alex Morgan", "Sam Reid", "Jo Bennett"]


@pytest.fixture
def interview(project, tmp_path):
    path = tmp_path / "rose.txt"
    path.write_text(TRANSCRIPT)
    project.import_file(path)
    for code in ("Waiting", "Carers not involved", "Feeling"):
        project.add_code(code)
    return project


def span(project, quote, document="rose"):
    start = project.document_text(document).index(quote)
    return start, start + len(quote)


def code_as(project, member, code, quote, role="researcher", document="rose"):
    project.as_member(member, role)
    return project.apply_code(document, code, *span(project, quote, document))


def test_segment_units_code_presence_and_members_who_did_not_code_a_document(interview, tmp_path):
    code_as(interview, "Alex Morgan", "Waiting", "I waited all day")
    code_as(interview, "Jo Bennett", "Waiting", "told me when I could go. I waited")  # inside the same turn
    code_as(interview, "Jo Bennett", "Carers not involved", "My daughter found out")
    other = tmp_path / "tom.txt"
    other.write_text("Tom: The ward was quiet.\n")
    interview.import_file(other)
    code_as(interview, "Alex Morgan", "Feeling", "quiet", document="tom")
    table = interview.unit_table("Waiting", members=["Alex Morgan", "Jo Bennett"])
    rose = table[table["document"] == "rose"]
    assert rose["position"].tolist() == [0, 1, 2, 3]
    assert rose["Alex Morgan"].tolist() == [0, 1, 0, 0]
    assert rose["Jo Bennett"].tolist() == [0, 1, 0, 0]
    tom = table[table["document"] == "tom"]
    assert tom["Alex Morgan"].tolist() == [0] and tom["Jo Bennett"].isna().all()  # Jo never coded Tom's interview
    report = interview.agreement(members=["Alex Morgan", "Jo Bennett"], documents=["rose"], skip_uncoded=False)
    rows = report.codes.set_index("code")
    assert rows.loc["Waiting", "percent_agreement"] == 1 and rows.loc["Waiting", "krippendorff_alpha"] == 1
    assert rows.loc["Carers not involved", "percent_agreement"] == 0.75
    assert rows.loc["Waiting", "reading"] == "members agree closely"
    left_out = interview.agreement(members=["Alex Morgan", "Jo Bennett"], documents=["rose"], skip_uncoded=True)
    assert left_out.codes["units_left_out"].tolist() == [2, 2] and left_out.codes["units"].tolist() == [2, 2]


def test_character_units_count_overlap(interview):
    alex = code_as(interview, "Alex Morgan", "Waiting", "I waited all day")
    code_as(interview, "Jo Bennett", "Waiting", "waited all day for my tablets")
    table = interview.unit_table("Waiting", unit="character")
    assert len(table) == len(interview.document_text("rose"))
    both = ((table["Alex Morgan"] == 1) & (table["Jo Bennett"] == 1)).sum()
    assert both == len("waited all day")
    report = interview.agreement(unit="character", skip_uncoded=True)
    row = report.codes.iloc[0]
    assert row["units"] == len("I waited all day for my tablets") and row["percent_agreement"] == pytest.approx(
        len("waited all day") / len("I waited all day for my tablets"))
    assert alex > 0


def test_exclusive_group_values_largest_overlap_wins_and_missing_stays_missing(interview):
    interview.add_code("Mood")
    for name in ("negative", "neutral", "positive"):
        interview.add_code(name, parent="Mood")
    interview.mark_exclusive("Mood", "ordinal", values=["negative", "neutral", "positive"])
    assert interview.exclusive_groups()["value"].tolist() == [1.0, 2.0, 3.0]
    code_as(interview, "Alex Morgan", "negative", "Nobody told me when I could go. I waited all day")
    code_as(interview, "Alex Morgan", "neutral", "tablets")  # same turn, smaller overlap
    code_as(interview, "Jo Bennett", "negative", "Nobody told me")
    code_as(interview, "Jo Bennett", "positive", "My daughter found out")
    table = interview.unit_table("Mood")
    assert table["Alex Morgan"].tolist()[1] == 1.0 and np.isnan(table["Alex Morgan"].tolist()[3])
    assert table["Jo Bennett"].tolist()[1] == 1.0 and table["Jo Bennett"].tolist()[3] == 3.0
    report = interview.agreement(skip_uncoded=False)
    assert report.codes["code"].tolist() == ["Mood"] and report.codes["level"].tolist() == ["ordinal"]
    assert report.codes["units_compared"].tolist() == [1]


def test_marking_a_group_refuses_mistakes_and_writes_nothing(interview):
    interview.add_code("Mood")
    interview.add_code("low", parent="Mood")
    before = snapshot(interview)
    with pytest.raises(WorkbenchError, match="at least two sub-codes"):
        interview.mark_exclusive("Mood")
    interview.add_code("high", parent="Mood")
    before = snapshot(interview)
    for kwargs, message in (({"level": "loud"}, "level of measurement"), ({"values": ["low"]}, "every sub-code"),
                            ({"values": {"low": 1, "middle": 2}}, "not a sub-code")):
        with pytest.raises(WorkbenchError, match=message):
            interview.mark_exclusive("Mood", **kwargs)
    with pytest.raises(WorkbenchError, match="no code called"):
        interview.mark_exclusive("Nothing")
    assert snapshot(interview) == before
    interview.mark_exclusive("Mood", "interval", values={"low": -1, "high": 1})
    assert interview.exclusive_groups().set_index("code")["value"].to_dict() == {"low": -1.0, "high": 1.0}


@pytest.fixture
def study(sample_project, tmp_path):
    path = tmp_path / "home-safe.db"
    shutil.copy(sample_project, path)
    with Project.open(path, member="Alex Morgan", role="researcher") as opened:
        yield opened


def test_sample_study_three_coders_and_a_machine_coder(study):
    report = study.agreement(members=CODERS, documents=STUDY, skip_uncoded=False)
    segments = study.segments()
    units = int(segments["document"].isin(STUDY).sum())
    assert set(report.codes["units"]) == {units}
    assert len(report.pairs) == 3 * len(report.codes)
    assert report.codes["percent_agreement"].between(0, 1).all()
    assert report.codes["krippendorff_alpha"].notna().all()
    carers = report.codes.set_index("code").loc["Carers not involved"]
    assert carers["reading"] == "members mostly agree"
    # a machine coder (the topic model) is compared like anyone else
    machine = study.acting_as("Topic model", "machine")
    for _, coding in study.codings().query("member == 'Alex Morgan' and document == 'int01_rose'").iterrows():
        machine.apply_code("int01_rose", coding["code"], int(coding["start"]), int(coding["end"]))
    versus = study.agreement(members=["Alex Morgan", "Topic model"], documents=["int01_rose"], skip_uncoded=False)
    assert (versus.codes["krippendorff_alpha"].dropna() == 1).all() and len(versus.codes) > 3
    figure = agreement_heatmap(report.pairs)
    assert list(figure.data[0].x) == CODERS or set(figure.data[0].x) == set(CODERS)
    assert all(text for i, row in enumerate(figure.data[0].text) for j, text in enumerate(row) if i != j)


def test_settling_disagreements_into_the_consensus_layer(study):
    code = "Staff and system pressures"
    differ = study.disagreements(code, members=CODERS, documents=STUDY)
    assert len(differ) > 0 and set(CODERS) <= set(differ.columns)
    first = differ.iloc[0]
    assert first["text"] in study.document_text(first["document"])
    chosen = next(member for member in CODERS if first[member])  # someone who applied it there
    created = study.settle(first["document"], code, segment=int(first["position"]), choose=chosen,
                           agreed_by=["Alex Morgan", "Jo Bennett"], discussion="We agreed the ward was short-staffed.")
    consensus = study.codings().query("member == 'Consensus'")
    assert consensus["id"].tolist() == created
    assert [tuple(map(int, s)) for s in consensus[["start", "end"]].to_numpy()] == [tuple(s) for s in first[chosen]]
    assert study.members().set_index("name").loc["Consensus", "role"] == "consensus"
    event = study.events().query("action == 'consensus.settle'").iloc[-1]
    assert event["actor"] == "Alex Morgan" and event["details"]["agreed_by"] == ["Alex Morgan", "Jo Bennett"]
    assert "ward" not in json.dumps(event["details"])  # the discussion is in a memo, not the log
    memo = study.memos().query("id == @event['details']['memo_id']").iloc[0]
    assert memo["target_type"] == "segment" and memo["text"] == "We agreed the ward was short-staffed."

    # settling again replaces the agreed version: merged spans of everyone
    merged = study.settle(first["document"], code, segment=int(first["position"]), merge=True,
                          agreed_by=["Alex Morgan", "Sam Reid", "Jo Bennett"])
    everyone = [s for member in CODERS for s in (first[member] or [])]
    consensus = study.codings().query("member == 'Consensus'")
    assert consensus["id"].tolist() == merged
    assert (int(consensus["start"].iloc[0]), int(consensus["end"].iloc[0])) == (
        min(s for s, _ in everyone), max(e for _, e in everyone))
    # a new coding written together, on a span
    start, end = int(first["start"]), int(first["start"]) + 10
    study.settle(first["document"], code, start=start, end=end, agreed_by=["Jo Bennett"])
    assert len(study.codings().query("member == 'Consensus'")) == 2
    log = study.settlements()
    assert log["how"].tolist() == [f"chose {chosen}", "merged", "new coding"]
    assert log["agreed_by"].tolist()[1] == ["Alex Morgan", "Sam Reid", "Jo Bennett"]
    assert set(log["document"]) == {first["document"]} and log["codes"].tolist()[0] == [code]
    # consensus is left out of the comparison unless asked for, then compared like anyone
    assert "Consensus" not in study.agreement(documents=STUDY, skip_uncoded=False).members
    versus = study.agreement(members=[chosen, "Consensus"], documents=[first["document"]], codes=[code], skip_uncoded=False)
    assert len(versus.pairs) == 1


def test_settling_refuses_mistakes_and_writes_nothing(study):
    code = "Communication"
    first = study.disagreements(code, members=CODERS, documents=STUDY).iloc[0]
    before = snapshot(study)
    attempts = [
        (dict(choose="Alex Morgan", agreed_by=["Nobody Known"]), "not a member"),
        (dict(choose="Alex Morgan", agreed_by=[]), "who agreed"),
        (dict(choose="Alex Morgan", merge=True, agreed_by=["Jo Bennett"]), "one way at a time"),
        (dict(value="positive", agreed_by=["Jo Bennett"]), "not an exclusive group|not one of the values"),
        (dict(agreed_by=["Jo Bennett"]), "Say how it was settled"),
    ]
    for kwargs, message in attempts:
        with pytest.raises(WorkbenchError, match=message):
            study.settle(first["document"], code, segment=int(first["position"]), **kwargs)
    with pytest.raises(WorkbenchError, match="no segment at position"):
        study.settle(first["document"], code, segment=99999, choose="Alex Morgan", agreed_by=["Jo Bennett"])
    assert snapshot(study) == before


def test_a_new_coding_on_some_words_of_a_segment(interview):
    code_as(interview, "Alex Morgan", "Waiting", "Nobody told me when I could go.")
    code_as(interview, "Jo Bennett", "Waiting", "I waited all day for my tablets.")
    code_as(interview, "Jo Bennett", "Feeling", "Nobody told me")  # Jo coded the document: a side
    segment = interview.segments("rose").query("position == 1").iloc[0]
    start, end = span(interview, "waited all day")
    created = interview.settle("rose", "Waiting", segment=1, start=start, end=end, agreed_by=["Alex Morgan", "Jo Bennett"],
                               discussion="Only the waiting itself.")
    agreed = interview.codings().query("member == 'Consensus'")
    assert agreed["id"].tolist() == created and (agreed["start"].iloc[0], agreed["end"].iloc[0]) == (start, end)
    assert interview.settlements()["how"].tolist() == ["new coding"]
    assert interview.memos().iloc[-1]["target_type"] == "segment"
    # settling the segment again replaces the words with the whole segment
    interview.settle("rose", "Waiting", segment=1, start=int(segment["start"]), end=int(segment["end"]),
                     agreed_by=["Jo Bennett"])
    agreed = interview.codings().query("member == 'Consensus'")
    assert [(int(a), int(b)) for a, b in agreed[["start", "end"]].to_numpy()] == [(segment["start"], segment["end"])]


def test_words_outside_the_segment_are_refused_and_nothing_is_stored(interview):
    code_as(interview, "Alex Morgan", "Waiting", "Nobody told me when I could go.")
    code_as(interview, "Jo Bennett", "Feeling", "I waited all day")
    low, high = (int(x) for x in interview.segments("rose").query("position == 1").iloc[0][["start", "end"]])
    before = snapshot(interview)
    outside = "not inside that segment"
    for start, end, message in ((low - 1, low + 5, outside), (low + 5, high + 1, outside), (low + 5, low + 5, outside),
                                (low + 9, low + 2, outside), (low + 0.5, low + 4, outside), (True, low + 4, outside),
                                ("3", low + 4, outside), (low + 2, None, "Give both"), (None, low + 2, "Give both")):
        with pytest.raises(WorkbenchError, match=message):
            interview.settle("rose", "Waiting", segment=1, start=start, end=end, agreed_by=["Jo Bennett"])
    with pytest.raises(WorkbenchError, match="leave them out"):
        interview.settle("rose", "Waiting", segment=1, start=low, end=low + 4, choose="Alex Morgan",
                         agreed_by=["Jo Bennett"])
    length = len(interview.document_text("rose"))
    with pytest.raises(WorkbenchError, match="not inside the document"):
        interview.settle("rose", "Waiting", start=length - 3, end=length + 2, agreed_by=["Jo Bennett"])
    assert snapshot(interview) == before


def test_exclusive_group_settled_by_value(interview):
    interview.add_code("Mood")
    for name in ("negative", "positive"):
        interview.add_code(name, parent="Mood")
    interview.mark_exclusive("Mood")
    code_as(interview, "Alex Morgan", "negative", "Nobody told me")
    code_as(interview, "Jo Bennett", "positive", "I waited all day")
    differ = interview.disagreements("Mood")
    assert differ[["Alex Morgan", "Jo Bennett"]].iloc[0].tolist() == ["negative", "positive"]
    with pytest.raises(WorkbenchError, match="cannot be merged"):
        interview.settle("rose", "Mood", segment=1, merge=True, agreed_by=["Jo Bennett"])
    interview.settle("rose", "Mood", segment=1, value="negative", agreed_by=["Alex Morgan", "Jo Bennett"],
                     discussion="Waiting all day is not positive.")
    agreed = interview.unit_table("Mood", members=["Alex Morgan", "Consensus"])
    assert agreed["Consensus"].tolist()[1] == 1.0


def test_excel_coding_sheet_and_panel_codings_compared(project, tmp_path):
    sheet = tmp_path / "answers.xlsx"
    pd.DataFrame({
        "id": ["r1", "r2", "r3", "r4"],
        "answer": ["Waited hours for tablets", "Nobody phoned my son", "Fine overall", "Tablets late again"],
        "code:Waiting": [1, 0, 0, 1],
    }).to_excel(sheet, index=False)
    project.import_file(sheet, kind="survey", code_columns="code:*", coder="Sam Reid")
    project.as_member("Jo Bennett", "lived-experience partner")
    segments = project.segments("answers")
    for _, segment in segments[segments["position"].isin([0, 2])].iterrows():
        project.apply_code("answers", "Waiting", int(segment["start"]), int(segment["end"]))
    pair = project.agreement(members=["Sam Reid", "Jo Bennett"], skip_uncoded=False).pairs.iloc[0]
    assert pair["units"] == 4 and pair["percent_agreement"] == 0.5


def test_two_members_fill_the_same_excel_coding_sheet(interview, tmp_path):
    import openpyxl

    blank = tmp_path / "sheet.xlsx"
    interview.export_coding_sheet(blank, documents=["rose"], codes=["Waiting", "Carers not involved"])
    for member, ticks in (("Sam Reid", {(3, "Waiting"), (5, "Carers not involved")}),
                          ("Jo Bennett", {(3, "Waiting"), (4, "Carers not involved")})):
        book = openpyxl.load_workbook(blank)
        sheet = book.active
        headers = [cell.value for cell in sheet[1]]
        for row, code in ticks:
            sheet.cell(row=row, column=headers.index(code) + 1, value="x")
        filled = tmp_path / f"{member}.xlsx"
        book.save(filled)
        interview.import_coding_sheet(filled, member, "researcher")
    report = interview.agreement(members=["Sam Reid", "Jo Bennett"], skip_uncoded=False)
    rows = report.codes.set_index("code")
    assert rows.loc["Waiting", "percent_agreement"] == 1 and rows.loc["Waiting", "units"] == 4
    assert rows.loc["Carers not involved", "percent_agreement"] == 0.5
    differ = interview.disagreements("Carers not involved", members=["Sam Reid", "Jo Bennett"])
    assert differ["position"].tolist() == [2, 3]


def test_refi_qda_round_trip_keeps_the_agreement(study, tmp_path):
    exported = tmp_path / "study.qdpx"
    study.export_refi(exported)
    with Project.create(tmp_path / "copy.db", member="Alex Morgan") as copy:
        copy.import_file(exported)
        again = copy.agreement(members=CODERS, documents=STUDY, skip_uncoded=False)
    before = study.agreement(members=CODERS, documents=STUDY, skip_uncoded=False)
    columns = ["code", "units", "percent_agreement", "krippendorff_alpha", "fleiss_kappa"]
    pd.testing.assert_frame_equal(again.codes[columns].sort_values("code").reset_index(drop=True),
                                  before.codes[columns].sort_values("code").reset_index(drop=True))


def test_cli_prints_the_same_numbers(study, capsys):
    path = str(study.store.sqlite_path)
    members = ",".join(CODERS)
    assert main(["agreement", path, "--members", members, "--documents", ",".join(STUDY), "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    expected = study.agreement(members=CODERS, documents=STUDY)  # the command leaves out uncoded units too
    assert printed["members"] == CODERS and printed["unit"] == "segment"
    assert [row["krippendorff_alpha"] for row in printed["codes"]] == pytest.approx(
        expected.codes["krippendorff_alpha"].tolist())
    assert main(["agreement", path, "--members", members, "--code", "Carers not involved"]) == 0
    text = capsys.readouterr().out
    assert "Carers not involved" in text and "members mostly agree" in text and "Jo Bennett" in text
    assert main(["agreement", path, "--unit", "character", "--skip-uncoded", "--documents", "int01_rose"]) == 0
    assert "nobody coded" in capsys.readouterr().out
    assert main(["agreement", path, "--members", "Alex Morgan,Nobody"]) == 2
    error = capsys.readouterr().err
    assert error.startswith("error: There is no member 'Nobody'") and error.count("\n") == 1


def test_an_existing_project_gains_exclusive_groups_by_migration(project_path):
    Project.create(project_path, member="Alex Morgan").close()
    with sqlite3.connect(project_path) as conn:  # make it a project from before this migration
        conn.execute("DROP TABLE exclusive_groups")
        conn.execute("DELETE FROM schema_migrations WHERE name = '0003_agreement'")
    with Project.open(project_path, member="Alex Morgan") as opened:
        opened.add_code("Scale")
        opened.add_code("1", parent="Scale")
        opened.add_code("2", parent="Scale")
        opened.mark_exclusive("Scale", "interval")
        assert opened.exclusive_groups()["value"].tolist() == [1.0, 2.0]
    assert (project_path.parent / f"{project_path.name}.bak-0003_agreement").exists()


def test_character_statistics_from_distinct_rows_equal_the_full_table(study):
    from workbench.agreement import fleiss_kappa, krippendorff_alpha, pairwise, percent_agreement

    report = study.agreement(members=CODERS, documents=["int01_rose", "int04_dev"], unit="character", skip_uncoded=False)
    for code in ("Carers not involved", "Staff and system pressures"):
        table = study.unit_table(code, members=CODERS, documents=["int01_rose", "int04_dev"], unit="character")
        values = table[CODERS].to_numpy(float)
        row = report.codes.set_index("code").loc[code]
        assert row["units"] == len(values) == sum(len(study.document_text(d)) for d in ("int01_rose", "int04_dev"))
        assert row["krippendorff_alpha"] == pytest.approx(krippendorff_alpha(values, "nominal", [0, 1]), abs=1e-12)
        assert row["fleiss_kappa"] == pytest.approx(fleiss_kappa(values)["kappa"], abs=1e-12)
        assert row["percent_agreement"] == pytest.approx(percent_agreement(values), abs=1e-12)
        full = pairwise(table[CODERS], ordered=False)
        mine = report.pairs[report.pairs["code"] == code].reset_index(drop=True)
        assert mine["cohen_kappa"].tolist() == pytest.approx(full["cohen_kappa"].tolist(), abs=1e-12)
        assert mine["units"].tolist() == full["units"].tolist()


def test_weighted_alpha_equals_the_krippendorff_package_at_every_level(validation):
    from agreement_helpers import read_ratings
    from workbench.agreement import krippendorff_agreement_terms, krippendorff_alpha
    from workbench.agreement.compress import distinct_rows, weighted_alpha

    for case in ("krippendorff2011_4obs_12units", "wikipedia_kalpha_3obs_15units", "hayes2007_news_tone_5obs_40units"):
        table = read_ratings(validation / "agreement" / case / "ratings.csv").apply(pd.to_numeric).to_numpy(float)
        domain = sorted(set(table[~np.isnan(table)]))
        rows, counts = distinct_rows(table)
        assert counts.sum() == len(table)
        for level in ("nominal", "ordinal", "interval", "ratio"):
            assert weighted_alpha(rows, counts, level, domain) == pytest.approx(
                krippendorff_alpha(table, level, domain), abs=1e-12)
            # Gwet's formulation (behind the standard error) is the same alpha, rows counted or repeated
            gwet, counted = krippendorff_agreement_terms(table, level, domain), \
                krippendorff_agreement_terms(rows, level, domain, counts)
            assert gwet["alpha"] == pytest.approx(krippendorff_alpha(table, level, domain), abs=1e-12)
            assert counted == pytest.approx(gwet, abs=1e-12) and 0 < gwet["se"] < 0.2


def test_nothing_to_compare_is_said_plainly(project, tmp_path, capsys):
    project.add_code("Waiting")
    project.as_member("Jo Bennett", "lived-experience partner").add_code("Carers")
    with pytest.raises(WorkbenchError, match="no documents yet"):
        project.agreement(members=["Alex Morgan", "Jo Bennett"], skip_uncoded=False)
    (tmp_path / "rose.txt").write_text(TRANSCRIPT)
    project.import_file(tmp_path / "rose.txt")
    for unit in ("segment", "character"):
        assert project.agreement(members=["Alex Morgan", "Jo Bennett"], unit=unit, skip_uncoded=False).codes.empty
    project.close()
    assert main(["agreement", str(project.store.sqlite_path), "--members", "Alex Morgan,Jo Bennett"]) == 0
    assert "Nobody chosen has coded these documents yet." in capsys.readouterr().out
    assert main(["agreement", str(project.store.sqlite_path)]) == 2
    assert "at least two members" in capsys.readouterr().err
