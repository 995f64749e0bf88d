"""Survey, workshop, participant and codebook tables from CSV and XLSX."""

import io

import openpyxl
import pandas as pd
import pytest

from workbench import ImportProblem
from workbench.ingest import detect_table_kind, parse_file

SURVEY_CSV = (
    "response_id,site,age_band,answer,code: Medicines,code_waiting_time,Went well\n"
    "R1,Northbrook,70-79,Nobody explained the new tablets and I waited hours for them to arrive.,1,yes,\n"
    'R2,Eastfield,50-59,"The nurse rang the next day, which was kind, and the transport was on time.",0,no,x\n'
    "R3,Eastfield,30-39,,1,1,1\n"
    "R4,Northbrook,,I was home by lunchtime and the pharmacy had everything ready for me.,0,0,X\n"
)
ANSWERS = [
    "Nobody explained the new tablets and I waited hours for them to arrive.",
    "The nurse rang the next day, which was kind, and the transport was on time.",
    "I was home by lunchtime and the pharmacy had everything ready for me.",
]


def xlsx(rows: list[list]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def segment_texts(document):
    return [document.text[s.start:s.end] for s in document.segments]


# -- surveys ---------------------------------------------------------------------------

def test_survey_csv_with_code_columns(project):
    report = project.import_bytes(SURVEY_CSV.encode("utf-8"), "discharge.csv",
                                  code_columns="code*,Went well", coder="Sam Reid")
    assert report.documents == ["discharge"] and report.segments == 3 and report.codings == 4
    assert any("discharge.csv" in w and "1 row(s) with an empty answer" in w for w in report.warnings)
    document = project.documents().iloc[0]
    assert document["kind"] == "survey" and document["attributes"] == {"text_column": "answer"}
    segments = project.segments("discharge")
    assert segments["text"].tolist() == ANSWERS
    assert segments["kind"].unique().tolist() == ["answer"]
    assert segments["attributes"].tolist() == [
        {"site": "Northbrook", "age_band": "70-79", "id": "R1"},
        {"site": "Eastfield", "age_band": "50-59", "id": "R2"},
        {"site": "Northbrook", "id": "R4"},
    ]
    codings = project.codings()
    assert sorted(zip(codings["code"], codings["text"])) == sorted([
        ("Medicines", ANSWERS[0]), ("Waiting time", ANSWERS[0]), ("Went well", ANSWERS[1]), ("Went well", ANSWERS[2]),
    ])
    assert set(codings["member"]) == {"Sam Reid"}
    assert "Sam Reid" in project.members()["name"].tolist()


def test_survey_attribute_columns_can_be_chosen():
    parsed = parse_file(SURVEY_CSV.encode("utf-8"), "discharge.csv", kind="survey", attribute_columns=["site"])
    assert [s.attributes for s in parsed.documents[0].segments] == [
        {"site": "Northbrook", "id": "R1"}, {"site": "Eastfield", "id": "R2"}, {"site": "Northbrook", "id": "R4"},
    ]


def test_survey_text_column_guessed_with_a_warning():
    data = b"ref,free_text,score\n1,The ward was noisy all night and nobody came,3\n2,Good food,4\n"
    parsed = parse_file(data, "guess.csv", kind="survey")
    assert segment_texts(parsed.documents[0]) == ["The ward was noisy all night and nobody came", "Good food"]
    assert any("free_text" in w for w in parsed.warnings)


def test_survey_xlsx_with_numeric_and_boolean_ticks(project):
    data = xlsx([
        ["id", "answer", "age", "code_medicines", "code_transport"],
        ["A1", "The tablets were not ready until six in the evening, so I sat waiting.", 71, 1, False],
        ["A2", "My son drove me home because the hospital transport never came.", 45, 0, True],
        ["A3", "Everything went smoothly and the staff were lovely to me.", None, None, None],
    ])
    report = project.import_bytes(data, "survey.xlsx", code_columns=["code_medicines", "code_transport"], coder="Sam Reid")
    assert report.segments == 3 and report.codings == 2
    segments = project.segments("survey")
    assert segments["attributes"].tolist() == [{"age": "71", "id": "A1"}, {"age": "45", "id": "A2"}, {"id": "A3"}]
    codings = project.codings()
    assert sorted(zip(codings["code"], codings["text"].str[:12], codings["member"])) == [
        ("Medicines", "The tablets ", "Sam Reid"), ("Transport", "My son drove", "Sam Reid"),
    ]


@pytest.mark.parametrize("data, filename, cell", [
    (SURVEY_CSV.replace(",0,no,x", ",0,maybe,x").encode(), "ticks.csv", "column 'code_waiting_time': 'maybe'"),
    (xlsx([["id", "answer", "code_a"], ["A1", "A long enough answer about the day I went home.", 1],
           ["A2", "Another long answer about waiting for the tablets.", 2]]), "ticks.xlsx", "column 'code_a': '2'"),
], ids=["csv", "xlsx"])
def test_survey_bad_tick_is_refused_naming_row_and_column(data, filename, cell):
    with pytest.raises(ImportProblem) as refused:
        parse_file(data, filename, kind="survey", code_columns="code*", coder="Sam Reid")
    assert str(refused.value).startswith(f"{filename}: row 3, {cell} is not a tick")


def test_survey_code_columns_need_a_coder():
    with pytest.raises(ImportProblem, match="discharge.csv: .*coder"):
        parse_file(SURVEY_CSV.encode(), "discharge.csv", kind="survey", code_columns="code*")


def test_short_answer_survey_with_code_columns_is_a_survey():
    """README: import_file('survey.csv', code_columns=..., coder=...). Short answers must not turn it into one-liners."""
    data = b"id,answer,code: Medicines\nR1,Tablets late,1\nR2,All fine,0\n"
    parsed = parse_file(data, "short.csv", code_columns="code*", coder="Sam Reid")
    document = parsed.documents[0]
    assert document.kind == "survey"
    assert [(c.segment_index, c.code, c.coder) for c in document.codings] == [(0, "Medicines", "Sam Reid")]


def test_two_columns_with_the_same_name_are_refused():
    data = b"id,answer,answer\nR1,What I said first about the ward,What I said later about going home\n"
    with pytest.raises(ImportProblem) as refused:
        parse_file(data, "dupes.csv", kind="survey")
    assert "dupes.csv" in str(refused.value) and "'answer'" in str(refused.value)


@pytest.mark.slow  # 9,798 codings: about 15 s on an idle machine
def test_real_multi_label_survey_as_codings_by_a_member(project, validation):
    path = validation / "survey/pxtextmining/v6framework_230831.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    code_columns = list(frame.columns[list(frame.columns).index("Not assigned"):])
    assert len(code_columns) == 50 and code_columns[-1] == "Positive experience & gratitude"
    answered = frame[frame["FFT answer"].str.strip() != ""]
    ticks = answered[code_columns].apply(lambda column: column.str.strip() == "1")
    assert set(frame[code_columns].stack().unique()) <= {"", "1"}

    report = project.import_file(path, code_columns=code_columns, coder="Jo Patel")

    assert report.segments == len(answered) == 7400
    assert report.codings == int(ticks.to_numpy().sum())
    codings = project.codings()
    assert len(codings) == report.codings
    assert set(codings["member"]) == {"Jo Patel"}
    assert codings.groupby("code").size().to_dict() == {c: int(n) for c, n in ticks.sum().items() if n}
    assert any("508 row(s) with an empty answer" in w for w in report.warnings)
    # a few answers, checked against the file
    by_id = dict(zip(project.segments()["attributes"].map(lambda a: a["Comment ID"]), project.segments()["text"]))
    for _, row in answered.head(5).iterrows():
        assert by_id[row["Comment ID"]] == row["FFT answer"].strip()


@pytest.mark.slow
def test_real_large_survey_with_a_named_text_column(project, validation):
    path = validation / "survey/pxtextmining/phase_1_text_data.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    answers = [a.replace("\r\n", "\n").strip() for a in frame["feedback"] if a.strip()]
    report = project.import_file(path, text_column="feedback")
    assert report.segments == len(answers) >= 10_000
    segments = project.segments("phase_1_text_data")
    assert segments["text"].tolist() == answers
    assert segments["attributes"].iloc[0] == {
        "code": frame["code"][0], "label": frame["label"][0], "subcategory": frame["subcategory"][0],
        "criticality": frame["criticality"][0], "organization": frame["organization"][0],
        "question": frame["question"][0], "row_index": frame["row_index"][0],
    }
    assert project.documents()["kind"].tolist() == ["survey"]


# -- workshop outputs --------------------------------------------------------------------

def test_sticky_note_board():
    data = b"note_id,text,table,colour,cluster\nN1,Waited 7 hrs for my TTOs!!,Table 1,pink,Medicines\n" \
           b"N2,,Table 2,blue,Medicines\nN3,Named contact please,,yellow,\n"
    parsed = parse_file(data, "board.csv")
    document = parsed.documents[0]
    assert document.kind == "workshop board"
    assert document.text == "Waited 7 hrs for my TTOs!!\n\nNamed contact please"
    assert [(s.kind, document.text[s.start:s.end], s.attributes) for s in document.segments] == [
        ("sticky note", "Waited 7 hrs for my TTOs!!",
         {"id": "N1", "author": "Table 1", "colour": "pink", "cluster": "Medicines"}),
        ("sticky note", "Named contact please", {"id": "N3", "colour": "yellow"}),
    ]


def test_poll_with_votes_and_comments(project):
    data = xlsx([
        ["option", "votes", "comments"],
        ["Medicines ready the night before", 19, "Would stop the all-day wait"],
        ["A named contact", 16.0, None],
        ["Phone call in the first week", None, "Loneliness came up a lot"],
    ])
    report = project.import_bytes(data, "poll.xlsx")
    assert report.segments == 5
    assert project.documents()["attributes"].iloc[0] == {"total_votes": 35}
    segments = project.segments("poll")
    assert list(zip(segments["kind"], segments["text"], segments["attributes"])) == [
        ("poll option", "Medicines ready the night before", {"votes": 19}),
        ("poll comment", "Would stop the all-day wait", {"option": "Medicines ready the night before"}),
        ("poll option", "A named contact", {"votes": 16}),
        ("poll option", "Phone call in the first week", {"votes": 0}),
        ("poll comment", "Loneliness came up a lot", {"option": "Phone call in the first week"}),
    ]


@pytest.mark.parametrize("votes", ["2.5", "-1", "lots", "1,000"])
def test_poll_votes_must_be_whole_numbers(votes):
    data = f'option,votes\nMedicines ready,3\nNamed contact,"{votes}"\n'.encode()
    with pytest.raises(ImportProblem) as refused:
        parse_file(data, "poll.csv")
    assert "poll.csv" in str(refused.value) and "row 3" in str(refused.value) and votes in str(refused.value)


def test_one_line_answers():
    data = b"participant_group,answer\nservice user,knowing who to call\ncarer,\nprovider,time to plan\n"
    document = parse_file(data, "one_liners.csv").documents[0]
    assert document.kind == "one-line answers"
    assert [(s.kind, document.text[s.start:s.end], s.attributes) for s in document.segments] == [
        ("line", "knowing who to call", {"group": "service user"}),
        ("line", "time to plan", {"group": "provider"}),
    ]


# -- participants and codebooks ------------------------------------------------------------

def test_participants_and_their_consent(project):
    data = b"pseudonym,role,site,consent\nRose,service user,Northbrook,yes\nTom,carer,,No\n" \
           b"Lena,carer,Eastfield,\nOwen,provider,Eastfield,Unknown\nBeth,carer,,withdrawn\n"
    report = project.import_bytes(data, "people.csv")
    assert report.participants == 5 and report.documents == []
    people = project.participants().set_index("pseudonym")
    assert people["consent"].to_dict() == {
        "Rose": "given", "Tom": "withdrawn", "Lena": "given", "Owen": "unknown", "Beth": "withdrawn",
    }
    assert people.loc["Rose", "site"] == "Northbrook" and people.loc["Tom", "role"] == "carer"
    project.import_bytes(b"Interviewer: Hello Rose.\nrose: Hello.\nInterviewer: Bye.\nrose: Bye.\n", "rose.txt")
    assert project.segments("rose")["participant"].tolist() == [None, "Rose", None, "Rose"]


@pytest.mark.parametrize("data, expected", [
    (b"pseudonym,consent\nRose,maybe\n", ["people.csv", "row 2", "'maybe'"]),
    (b"pseudonym,role\nRose,carer\nTom,carer\nRose,service user\n", ["people.csv", "'Rose' twice"]),
    (b"pseudonym,role\nRose,carer\n,carer\n", ["people.csv", "row 3", "no pseudonym"]),
], ids=["consent", "duplicate", "blank"])
def test_bad_participant_tables_are_refused(data, expected):
    with pytest.raises(ImportProblem) as refused:
        parse_file(data, "people.csv")
    for part in expected:
        assert part in str(refused.value)


def test_codebook_with_parents_in_any_order(project):
    data = (b"code,parent,definition,when_to_use,colour\n"
            b"Waiting for medicines,Medicines,Waiting on the day for tablets.,Hours in the lounge,\n"
            b"Medicines,,Anything about medicines.,,#E69F00\n"
            b"Getting home,,Transport and arriving home.,,#56b4e9\n")
    report = project.import_bytes(data, "codebook.csv")
    assert report.codes == 3
    codes = project.codes().set_index("name")
    assert codes.loc["Waiting for medicines", "parent"] == "Medicines"
    assert pd.isna(codes.loc["Medicines", "parent"])
    assert codes.loc["Waiting for medicines", "definition"] == "Waiting on the day for tablets."
    assert codes.loc["Waiting for medicines", "when_to_use"] == "Hours in the lounge"
    assert codes.loc["Medicines", "colour"] == "#E69F00"
    # a child without a colour takes a shade of its parent's that can be seen on white
    from workbench.coding.palette import child_shade, contrast_on_white

    assert codes.loc["Waiting for medicines", "colour"] == child_shade("#E69F00", 0)
    assert contrast_on_white(codes.loc["Waiting for medicines", "colour"]) >= 3


@pytest.mark.parametrize("colour", ["orange", "#FFF", "E69F00", "#GG9F00"])
def test_codebook_bad_colour_is_refused(colour):
    data = f"code,definition,colour\nMedicines,Anything about medicines.,{colour}\n".encode()
    with pytest.raises(ImportProblem) as refused:
        parse_file(data, "codebook.csv")
    assert "codebook.csv" in str(refused.value) and "row 2" in str(refused.value) and colour in str(refused.value)


# -- which kind of table -------------------------------------------------------------------

@pytest.mark.parametrize("header, row, kind", [
    ("pseudonym,role", "Rose,carer", "participants"),
    ("Code,Description", "Medicines,About medicines", "codebook"),
    ("code name,definition,parent", "Medicines,About medicines,", "codebook"),
    ("option,votes", "Named contact,4", "poll"),
    ("idea,dots", "Named contact,4", "poll"),
    ("text,cluster", "Waited seven hours,Medicines", "workshop board"),
    ("sticky note,colour", "Waited seven hours,pink", "workshop board"),
    ("group,answer", "carer,knowing who to call", "one-line answers"),
    ("id,answer", "1,I waited most of the day for my tablets and nobody told me why it took so long", "survey"),
    ("code,label,feedback", "xn,Nothing,Nothing to improve at all it was fine", "survey"),
])
def test_detect_table_kind(header, row, kind):
    assert detect_table_kind(f"{header}\n{row}\n".encode(), "table.csv") == kind


def test_detect_table_kind_reads_xlsx():
    assert detect_table_kind(xlsx([["Pseudonym", "Site"], ["Rose", "Northbrook"]]), "people.xlsx") == "participants"
