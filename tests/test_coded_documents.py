"""Coded documents out (issue 14): DOCX and HTML read back with every coding present,
one member's layer or everyone's; the coded extracts report in Word and Excel."""

import html.parser
import shutil

import pytest
from docx import Document
from openpyxl import load_workbook

from workbench import Project, WorkbenchError
from workbench.cli import main

TRANSCRIPT = ("[00:00:01] Interviewer: How was the day you left?\n"
              "[00:01:05] Rose: I waited all day for my tablets 💊, and nobody rang me after.\n"
              "[00:02:10] Interviewer: What would have helped?\n"
              "[00:03:15] Rose: =1+1 one name to call, <b>someone</b> who knew me & my meds.\n").encode()
SECOND = "[00:00:02] Sam: The ramp was folded in the hall.\n".encode()


@pytest.fixture
def coded(tmp_path):
    with Project.create(tmp_path / "study.db", member="Alex Morgan", role="researcher", title="A & B study") as project:
        project.import_bytes(TRANSCRIPT, "rose.txt")
        project.import_bytes(SECOND, "sam.txt")
        project.add_code("Waiting", definition="Waiting on the day.")
        project.add_code("No follow-up", parent="Waiting")
        project.add_code("<script>alert(1)</script>")
        jo = project.acting_as("Jo Bennett", "lived-experience partner")
        text = project.document_text("rose")

        def code(who, code, words):
            start = text.index(words)
            who.apply_code("rose", code, start, start + len(words))

        code(project, "Waiting", "waited all day for my tablets 💊")
        code(jo, "Waiting", "all day for my tablets")  # overlapping, another member
        code(jo, "No follow-up", "nobody rang me after")
        code(project, "<script>alert(1)</script>", "=1+1 one name to call, <b>someone</b> who knew me & my meds")
        sam = project.document_text("sam")
        project.apply_code("sam", "Waiting", sam.index("ramp"), sam.index("ramp") + len("ramp was folded"))
        yield project


class _Text(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts, self.tags, self.external = [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        for name, value in attrs:
            if name in ("src", "href") and value and not value.startswith("#"):
                self.external.append(value)

    def handle_data(self, data):
        self.parts.append(data)


def _html_text(path):
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))
    return "".join(parser.parts), parser


def _docx_text(path):
    document = Document(path)
    paragraphs = [p.text for p in document.paragraphs]
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(paragraphs + cells), document


def test_html_has_every_coding_with_label_words_coder_speaker_and_time(coded, tmp_path):
    path = coded.export_coded_documents(tmp_path / "coded.html")
    text, parser = _html_text(path)
    for coding in coded.codings().itertuples():
        assert f"{coding.code}: “{coding.text}” {coding.member}, {coding.role}" in text
    assert "Rose" in text and "00:01:05" in text and "00:03:15" in text
    assert "script" not in parser.tags and "b" not in parser.tags  # user text stays text
    assert parser.external == []  # self-contained
    raw = path.read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in raw and "@media print" in raw and '<html lang="en">' in raw
    assert raw.count("<mark>") >= 5 and "<sup>[1]</sup>" in raw
    assert coded.artefacts()["path"].str.endswith("coded.html").any()  # a withdrawal will name it


def test_docx_has_every_coding_in_the_margin_and_the_text_marked(coded, tmp_path):
    path = coded.export_coded_documents(tmp_path / "coded.docx")
    text, document = _docx_text(path)
    for coding in coded.codings().itertuples():
        assert f"{coding.code}: “{coding.text}” {coding.member}, {coding.role}" in text
    marked = [run.text for table in document.tables for row in table.rows
              for paragraph in row.cells[0].paragraphs for run in paragraph.runs if run.underline]
    assert "".join(marked).count("tablets") == 1 and "nobody rang me after" in "".join(marked)
    assert "Rose 00:01:05" in text
    assert len(document.tables) == 2  # one per document


def test_one_members_layer_and_a_chosen_document(coded, tmp_path):
    path = coded.export_coded_documents(tmp_path / "jo.html", documents=["rose"], member="Jo Bennett")
    text, _ = _html_text(path)
    jo = coded.codings().query("member == 'Jo Bennett'")
    others = coded.codings().query("member != 'Jo Bennett'")
    assert all(f"{c.code}: “{c.text}” Jo Bennett" in text for c in jo.itertuples())
    assert not any(f"“{c.text}” {c.member}" in text for c in others.itertuples())
    assert "Jo Bennett's codings" in text and "ramp was folded" not in text


def test_coded_extracts_by_code_in_word_and_excel(coded, tmp_path):
    frame = coded.coded_extracts()
    assert len(frame) == len(coded.codings())
    assert list(frame["Code"].drop_duplicates()) == ["Waiting", "No follow-up", "<script>alert(1)</script>"]
    row = frame[frame["Code"] == "No follow-up"].iloc[0]
    assert (row["Parent code"], row["Words"], row["Document"], row["Speaker"], row["Time"], row["Coded by"]) == (
        "Waiting", "nobody rang me after", "rose", "Rose", "00:01:05", "Jo Bennett")

    sheet = load_workbook(coded.export_coded_extracts(tmp_path / "extracts.xlsx")).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0][:4]) == ["Code", "Parent code", "Words", "Document"]
    words = [r[2] for r in rows[1:]]
    assert "'=1+1 one name to call, <b>someone</b> who knew me & my meds" in words  # never a formula
    assert all(cell.data_type == "s" for cell in sheet["C"][1:])
    assert sorted(w.lstrip("'") for w in words) == sorted(coded.codings()["text"])

    text, _ = _docx_text(coded.export_coded_extracts(tmp_path / "extracts.docx"))
    for coding in coded.codings().itertuples():
        assert f"“{coding.text}”" in text
    assert "Waiting on the day." in text and "rose, Rose, 00:01:05; coded by Jo Bennett (lived-experience partner)" in text


def test_extracts_of_chosen_codes_and_layer(coded):
    frame = coded.coded_extracts(codes=["Waiting"], member="Alex Morgan")
    assert set(frame["Code"]) == {"Waiting"} and set(frame["Coded by"]) == {"Alex Morgan"}
    assert len(frame) == 2


def test_mistakes_are_plain(coded, tmp_path):
    with pytest.raises(WorkbenchError, match="can be written as .docx or .html"):
        coded.export_coded_documents(tmp_path / "coded.pdf")
    (tmp_path / "there.html").write_text("x")
    with pytest.raises(WorkbenchError, match="exists already"):
        coded.export_coded_documents(tmp_path / "there.html")
    with pytest.raises(WorkbenchError, match="no member called 'Nobody'"):
        coded.export_coded_documents(tmp_path / "a.html", member="Nobody")
    with pytest.raises(WorkbenchError, match="no document 'nope'"):
        coded.export_coded_documents(tmp_path / "a.html", documents=["nope"])
    with pytest.raises(WorkbenchError, match="no code called 'Nope'"):
        coded.coded_extracts(codes=["Nope"])
    with pytest.raises(WorkbenchError, match="does not exist"):
        coded.export_coded_extracts(tmp_path / "missing" / "x.xlsx")
    assert not (tmp_path / "a.html").exists()


def test_sample_study_exports_every_coding(sample_project, tmp_path):
    path = tmp_path / "study.db"
    shutil.copy(sample_project, path)
    with Project.open(path, member="Alex Morgan") as project:
        text, _ = _docx_text(project.export_coded_documents(tmp_path / "all.docx"))
        html_text, _ = _html_text(project.export_coded_documents(tmp_path / "all.html"))
        codings = project.codings()
    assert len(codings) > 20
    for coding in codings.itertuples():
        line = f"{coding.code}: “{coding.text}” {coding.member}, {coding.role}"
        assert line in text and line in html_text


def test_command_line(coded, tmp_path, capsys):
    coded.close()
    study = str(tmp_path / "study.db")
    assert main(["coded-documents", study, str(tmp_path / "out.html"), "--document", "rose",
                 "--layer", "Jo Bennett"]) == 0
    assert "Wrote 1 coded document(s)" in capsys.readouterr().out
    assert main(["coded-extracts", study, str(tmp_path / "out.xlsx"), "--code", "Waiting"]) == 0
    assert "Wrote the coded extracts" in capsys.readouterr().out
    assert main(["coded-documents", study, str(tmp_path / "out.html")]) == 2
    assert "exists already" in capsys.readouterr().err


def test_a_document_set_is_exported_and_mistakes_are_plain(coded, tmp_path, capsys):
    coded.add_document_set("Second wave", ["sam"])
    text, _ = _docx_text(coded.export_coded_documents(tmp_path / "wave.docx", document_set="Second wave"))
    assert "ramp was folded" in text and "waited all day" not in text
    with pytest.raises(WorkbenchError, match="not both"):
        coded.export_coded_documents(tmp_path / "both.html", documents=["rose"], document_set="Second wave")
    with pytest.raises(WorkbenchError, match="Nowhere"):
        coded.export_coded_documents(tmp_path / "none.html", document_set="Nowhere")
    assert not (tmp_path / "both.html").exists() and not (tmp_path / "none.html").exists()
    coded.close()
    assert main(["coded-documents", str(tmp_path / "study.db"), str(tmp_path / "wave.html"), "--set", "Second wave"]) == 0
    assert "Wrote 1 coded document(s)" in capsys.readouterr().out
    assert "ramp was folded" in _html_text(tmp_path / "wave.html")[0]
