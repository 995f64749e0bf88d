"""REFI-QDA exchange: real files from other tools in, schema-valid files out, round trips."""

import io
import json
import shutil
import sqlite3
import subprocess
import sys
import unicodedata
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from workbench import Project
from workbench.errors import ImportProblem, WorkbenchError

WORKBENCH = str(Path(sys.executable).with_name("workbench"))
PROJECT_NS = "urn:QDA-XML:project:1.0"


@pytest.fixture
def refi(validation) -> Path:
    return validation / "refi_qda"


@pytest.fixture
def expected(refi) -> dict:
    return json.loads((refi / "samples" / "expected_summaries.json").read_text())


def schema(refi: Path, name: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(refi / "schemas" / name)))


def qdpx(qde: str, files: dict[str, bytes] | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", qde)
        for name, data in (files or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def copy_of(sample_project: Path, tmp_path: Path) -> Path:
    target = tmp_path / "copy.db"
    shutil.copy(sample_project, target)
    return target


# -- real files from other tools ------------------------------------------------------
@pytest.mark.parametrize("sample", ["qc132_demo.qdpx", "nvivo15mac_nvivo_project.qdpx"])
def test_real_qdpx_files_import_with_the_expected_counts(project, refi, expected, sample):
    want = expected[sample]
    report = project.import_file(refi / "samples" / sample)
    codes = project.codes()
    assert len(codes) == want["n_codes_total"]
    assert codes["parent"].isna().sum() == want["n_top_level_codes"]
    assert report.documents and len(report.documents) == want["n_sources"]
    assert len(project.codings()) == want["n_codings"] == report.codings
    # the file's users, plus the member doing the import
    assert len(project.members()) == want["n_users"] + 1
    assert any("lower-case 'sources/'" in w for w in report.warnings)


def test_qc_selections_land_on_the_same_words(project, refi, expected):
    want = expected["qc132_demo.qdpx"]
    project.import_file(refi / "samples" / "qc132_demo.qdpx")
    text = project.document_text(want["selection_examples"][0]["source"])
    codings = project.codings()
    for example in want["selection_examples"]:
        assert text[example["start"]:example["end"]] == example["text"]
        assert ((codings["start"] == example["start"]) & (codings["end"] == example["end"])).any()
    spans = codings.groupby(["start", "end"]).size()
    assert spans.max() == want["max_codings_on_one_selection"]
    assert len(spans) <= want["n_plain_text_selections"]
    assert set(codings["member"]) == {"cp"}


def test_duplicate_code_names_in_a_file_are_kept_apart_under_their_parents(project, refi):
    report = project.import_file(refi / "samples" / "qc132_demo.qdpx")
    codes = project.codes().set_index("name")
    assert codes.loc["programming", "parent"] == "competencies"
    assert codes.loc["programming (cs_as_programming)", "parent"] == "cs_as_programming"
    assert any("more than one code is called 'programming'" in w for w in report.warnings)


def test_nvivo_project_merges_with_the_same_codebook_from_qc(project, refi):
    project.import_file(refi / "samples" / "qc132_demo.qdpx")
    report = project.import_file(refi / "samples" / "nvivo15mac_nvivo_project.qdpx")
    assert report.codes == 0 and report.codes_merged == 262
    assert len(project.codes()) == 262
    # both files name the user 'cp' with the same GUID: one member, plus NVivo's 'chrisp'
    assert sorted(project.members()["name"]) == ["Alex Morgan", "chrisp", "cp"]


def test_taguette_codebook_with_empty_sets_imports(project, refi):
    report = project.import_file(refi / "samples" / "taguette_tests_expected_codebook.qdc")
    assert sorted(project.codes()["name"]) == ["interesting", "interesting\\places", "people"]
    assert any("empty <Sets/>" in w for w in report.warnings)


def test_nvivo_codebook_namespace_with_a_colon_is_read(project, tmp_path):
    path = tmp_path / "nvivo12.qdc"
    path.write_text('<?xml version="1.0" encoding="utf-8"?><CodeBook xmlns="urn:QDA-XML:codebook:1:0" origin="NVivo 12">'
                    '<Codes><Code guid="{0D62985D-B147-5D01-A9B5-CAE5DCD98342}" name="Waiting" isCodable="true" color="#a3c">'
                    '<Description>Any wait.</Description>'
                    '<Code guid="0D62985D-B147-5D01-A9B5-CAE5DCD98343" name="Medicines" isCodable="true"/></Code></Codes></CodeBook>')
    report = project.import_file(path)
    codes = project.codes().set_index("name")
    assert codes.loc["Waiting", "definition"] == "Any wait." and codes.loc["Waiting", "colour"] == "#AA33CC"
    assert codes.loc["Medicines", "parent"] == "Waiting"
    assert any("codebook:1:0" in w for w in report.warnings)


def test_taguette_byte_offsets_and_nfd_text_become_python_offsets(project, tmp_path):
    raw = unicodedata.normalize("NFD", "Café first. Then the naïve 😀 nurse came.")
    target = "nurse"
    byte_start = raw.encode().index(target.encode())
    qde = (f'<Project xmlns="{PROJECT_NS}" name="t" origin="Taguette 1.4.1"><Users><User guid="11111111-1111-1111-1111-111111111111" name="ana"/></Users>'
           '<CodeBook><Codes><Code guid="22222222-2222-2222-2222-222222222222" name="staff" isCodable="true"/></Codes></CodeBook>'
           '<Sources><TextSource guid="33333333-3333-3333-3333-333333333333" name="notes" plainTextPath="internal://33333333-3333-3333-3333-333333333333.txt">'
           f'<PlainTextSelection guid="44444444-4444-4444-4444-444444444444" startPosition="{byte_start}" endPosition="{byte_start + 5}">'
           '<Coding guid="55555555-5555-5555-5555-555555555555" creatingUser="11111111-1111-1111-1111-111111111111">'
           '<CodeRef targetGUID="22222222-2222-2222-2222-222222222222"/></Coding></PlainTextSelection></TextSource></Sources><Sets/></Project>')
    path = tmp_path / "taguette.qdpx"
    path.write_bytes(qdpx(qde, {"Sources/33333333-3333-3333-3333-333333333333.txt": raw.encode()}))
    report = project.import_file(path)
    coded = project.codings().iloc[0]
    assert coded["text"] == "nurse" and coded["member"] == "ana"
    assert project.document_text("notes") == unicodedata.normalize("NFC", raw)
    assert any("UTF-8 byte offsets" in w for w in report.warnings)


def test_cases_variables_and_notes_are_read(project, tmp_path):
    user, code, source, case, var, note1, note2 = (f"{i}{i}{i}{i}{i}{i}{i}{i}-0000-0000-0000-000000000000" for i in range(1, 8))
    qde = (f'<Project xmlns="{PROJECT_NS}" name="p"><Users><User guid="{user}" name="Bea"/></Users>'
           f'<CodeBook><Codes><Code guid="{code}" name="home" isCodable="true"><NoteRef targetGUID="{note2}"/></Code></Codes></CodeBook>'
           f'<Variables><Variable guid="{var}" name="age band" typeOfVariable="Text"/></Variables>'
           f'<Cases><Case guid="{case}" name="P1"><VariableValue><VariableRef targetGUID="{var}"/><TextValue>70-79</TextValue>'
           f'</VariableValue><SourceRef targetGUID="{source}"/></Case></Cases>'
           f'<Sources><TextSource guid="{source}" name="interview"><PlainTextContent>Home at last.\nThe end.</PlainTextContent>'
           f'<Coding guid="99999999-0000-0000-0000-000000000000" creatingUser="{user}"><CodeRef targetGUID="{code}"/></Coding>'
           f'<NoteRef targetGUID="{note1}"/></TextSource></Sources>'
           f'<Notes><Note guid="{note1}" creatingUser="{user}"><PlainTextContent>About the interview.</PlainTextContent></Note>'
           f'<Note guid="{note2}"><PlainTextContent>About the code.</PlainTextContent></Note></Notes></Project>')
    path = tmp_path / "cases.qdpx"
    path.write_bytes(qdpx(qde))
    project.import_file(path)
    participants = project.participants().set_index("pseudonym")
    assert participants.loc["P1", "age band"] == "70-79"
    segments = project.segments("interview")
    assert list(segments["text"]) == ["Home at last.", "The end."] and set(segments["participant"]) == {"P1"}
    memos = project.memos().set_index("text")
    assert memos.loc["About the interview.", "target_type"] == "document" and memos.loc["About the interview.", "member"] == "Bea"
    assert memos.loc["About the code.", "target_type"] == "code"
    assert project.codings().iloc[0]["text"] == "Home at last.\nThe end."


def test_a_source_outside_the_archive_is_refused_with_a_clear_message(project, tmp_path):
    qde = (f'<Project xmlns="{PROJECT_NS}" name="p"><Sources><TextSource guid="33333333-3333-3333-3333-333333333333" '
           'plainTextPath="absolute:///etc/passwd"/></Sources></Project>')
    path = tmp_path / "absolute.qdpx"
    path.write_bytes(qdpx(qde))
    with pytest.raises(ImportProblem, match="outside the archive"):
        project.import_file(path)
    assert len(project.documents()) == 0


# -- export ---------------------------------------------------------------------------
def test_sample_study_exports_valid_qdpx_and_qdc(sample_project, refi, tmp_path):
    with Project.open(sample_project) as project:
        report = project.export_refi(tmp_path / "home-safe.qdpx")
        project.export_refi(tmp_path / "codebook.qdc")
        documents = project.documents()
    with zipfile.ZipFile(tmp_path / "home-safe.qdpx") as archive:
        qde = etree.fromstring(archive.read("project.qde"))
        texts = [n for n in archive.namelist() if n.startswith("Sources/")]
    project_schema = schema(refi, "Project-mrt2019.xsd")
    assert project_schema.validate(qde), project_schema.error_log
    codebook_schema = schema(refi, "Codebook-mrt2019.xsd")
    assert codebook_schema.validate(etree.parse(str(tmp_path / "codebook.qdc"))), codebook_schema.error_log
    assert len(texts) == len(documents) == report.counts["documents"]
    assert any("private memo" in note for note in report.notes)


def test_imported_real_files_export_valid_again(project, refi, tmp_path):
    project.import_file(refi / "samples" / "qc132_demo.qdpx")
    project.export_refi(tmp_path / "again.qdpx")
    with zipfile.ZipFile(tmp_path / "again.qdpx") as archive:
        qde = etree.fromstring(archive.read("project.qde"))
    project_schema = schema(refi, "Project-mrt2019.xsd")
    assert project_schema.validate(qde), project_schema.error_log
    # the file's own GUIDs go back out
    assert qde.find(f"{{{PROJECT_NS}}}Users/{{{PROJECT_NS}}}User[@name='cp']").get("guid") == "39633935-3331-3962-6632-373436373264"


def test_export_refuses_other_extensions_and_existing_files(project, tmp_path):
    with pytest.raises(WorkbenchError, match=".qdpx"):
        project.export_refi(tmp_path / "out.zip")
    (tmp_path / "taken.qdpx").write_text("keep me")
    with pytest.raises(WorkbenchError, match="exists already"):
        project.export_refi(tmp_path / "taken.qdpx")
    assert (tmp_path / "taken.qdpx").read_text() == "keep me"


# -- round trips ------------------------------------------------------------------------
def _records(frame, columns):
    return sorted(frame[columns].astype(str).itertuples(index=False, name=None))


def test_sample_study_round_trips_through_qdpx(sample_project, tmp_path):
    with Project.open(sample_project) as original:
        original.export_refi(tmp_path / "home-safe.qdpx", include_private=True)
        before = {name: getattr(original, name)() for name in ("codes", "codings", "members", "memos", "participants", "documents")}
        memo_targets = _memo_targets(original)
    with Project.create(tmp_path / "copy.db", member="Kim Lo", role="researcher") as copy:
        report = copy.import_file(tmp_path / "home-safe.qdpx")
        after = {name: getattr(copy, name)() for name in before}
        copy_targets = _memo_targets(copy)
    assert not [w for w in report.warnings if "left out" in w]
    code_columns = ["name", "parent", "definition", "when_to_use", "when_not_to_use", "colour"]
    assert _records(after["codes"], code_columns) == _records(before["codes"], code_columns)
    assert _records(after["codings"], ["document", "code", "start", "end", "text", "member"]) == \
        _records(before["codings"], ["document", "code", "start", "end", "text", "member"])
    assert _records(after["members"], ["name", "role"]) == \
        sorted(_records(before["members"], ["name", "role"]) + [("Kim Lo", "researcher")])
    assert _records(after["participants"], list(before["participants"].columns.drop("id"))) == \
        _records(before["participants"], list(before["participants"].columns.drop("id")))
    assert _records(after["documents"], ["name", "kind", "characters", "attributes"]) == \
        _records(before["documents"], ["name", "kind", "characters", "attributes"])
    memo_columns = ["text", "member", "private", "created_at"]
    assert _records(after["memos"], memo_columns) == _records(before["memos"], memo_columns)
    assert copy_targets == memo_targets


def _memo_targets(project):
    """Each memo's text with what it is about, by name (ids differ between projects)."""
    codes = dict(zip(project.codes()["id"], project.codes()["name"]))
    documents = dict(zip(project.documents()["id"], project.documents()["name"]))
    segments = dict(zip(project.segments()["id"], project.segments()["document"]))
    found = set()
    for memo in project.memos().itertuples():
        if memo.target_type == "code":
            found.add((memo.text, "code", codes[memo.target_id]))
        elif memo.target_type == "segment":  # a segment memo comes back on its document
            found.add((memo.text, "document", segments[memo.target_id]))
        elif memo.target_type == "document":
            found.add((memo.text, "document", documents[memo.target_id]))
        else:
            found.add((memo.text, memo.target_type, None))
    return found


def test_codebook_round_trip_into_the_same_project_merges_every_code(sample_project, tmp_path):
    path = copy_of(sample_project, tmp_path)
    with Project.open(path, member="Alex Morgan") as project:
        project.export_refi(tmp_path / "codebook.qdc")
        before = project.codes()
        report = project.import_file(tmp_path / "codebook.qdc")
        assert report.codes == 0 and report.codes_merged == len(before)
        assert project.codes().equals(before)


def test_round_trip_into_an_existing_project_maps_members_by_name(sample_project, tmp_path):
    with Project.open(sample_project) as original:
        original.export_refi(tmp_path / "home-safe.qdpx")
        jo_codings = (original.codings()["member"] == "Jo Bennett").sum()
    with Project.create(tmp_path / "team.db", member="Jo Bennett", role="lived-experience partner") as team:
        team.add_code("Waiting and timing", definition="Our own definition.")
        team.import_file(tmp_path / "home-safe.qdpx")
        members = team.members().set_index("name")
        codes = team.codes().set_index("name")
        codings = team.codings()
    assert members.loc["Jo Bennett", "role"] == "lived-experience partner"
    assert (codings["member"] == "Jo Bennett").sum() == jo_codings
    assert codes.loc["Waiting and timing", "definition"] == "Our own definition."
    assert codes.index.is_unique


def test_an_old_project_gains_guids_and_exports_the_same_guids_twice(sample_project, tmp_path):
    path = copy_of(sample_project, tmp_path)
    with sqlite3.connect(path) as conn:  # make it look like a project from before migration 0005
        for table in ("members", "participants", "documents", "codes", "codings", "memos"):
            conn.execute(f"ALTER TABLE {table} DROP COLUMN guid")
        conn.execute("DELETE FROM schema_migrations WHERE name = '0005_refi_guids'")
    with Project.open(path) as project:
        assert project.codes()["id"].size == 18
        project.export_refi(tmp_path / "one.qdpx")
        project.export_refi(tmp_path / "two.qdpx")
    assert (tmp_path / "copy.db.bak-0005_refi_guids").exists()
    with zipfile.ZipFile(tmp_path / "one.qdpx") as one, zipfile.ZipFile(tmp_path / "two.qdpx") as two:
        assert one.read("project.qde") == two.read("project.qde")


# -- command line ---------------------------------------------------------------------------
def test_cli_imports_and_exports_refi_files(refi, tmp_path):
    project = tmp_path / "study.db"
    assert subprocess.run([WORKBENCH, "init", project], capture_output=True).returncode == 0
    imported = subprocess.run([WORKBENCH, "import", project, refi / "samples" / "qc132_demo.qdpx", "--member", "Kim Lo"],
                              capture_output=True, text=True)
    assert imported.returncode == 0, imported.stderr
    assert "205 coding(s)" in imported.stdout and "note: adjusted" in imported.stdout
    exported = subprocess.run([WORKBENCH, "export", project, tmp_path / "out.qdc"], capture_output=True, text=True)
    assert exported.returncode == 0 and "262 codes" in exported.stdout
    again = subprocess.run([WORKBENCH, "export", project, tmp_path / "out.qdc"], capture_output=True, text=True)
    assert again.returncode == 2 and again.stderr.startswith("error:") and len(again.stderr.strip().splitlines()) == 1


def test_refi_round_trip_on_sqlite_and_postgresql(backend_project, refi, tmp_path):
    backend_project.import_file(refi / "samples" / "qc132_demo.qdpx")
    backend_project.export_refi(tmp_path / "out.qdpx")
    with Project.create(tmp_path / "back.db", member="Kim Lo") as copy:
        copy.import_file(tmp_path / "out.qdpx")
        columns = ["document", "code", "start", "end", "member"]
        assert _records(copy.codings(), columns) == _records(backend_project.codings(), columns)
        assert _records(copy.codes(), ["name", "parent"]) == _records(backend_project.codes(), ["name", "parent"])


def test_workbench_extras_that_make_no_sense_are_ignored(project, tmp_path):
    user, source = "11111111-1111-1111-1111-111111111111", "33333333-3333-3333-3333-333333333333"
    qde = (f'<Project xmlns="{PROJECT_NS}" name="p"><Users><User guid="{user}" name="Mallory"/></Users>'
           f'<Sources><TextSource guid="{source}" name="doc"><PlainTextContent>Some words.</PlainTextContent>'
           '</TextSource></Sources></Project>')
    extras = json.dumps({"member_roles": {user: "administrator"}, "document_kinds": {source: "<script>"},
                         "private_notes": "all", "code_guidance": []})
    path = tmp_path / "odd.qdpx"
    path.write_bytes(qdpx(qde, {"workbench.json": extras}))
    project.import_file(path)
    assert project.members().set_index("name").loc["Mallory", "role"] == "researcher"
    assert project.documents().iloc[0]["kind"] == "notes"
    path.write_bytes(qdpx(qde.replace('name="doc"', 'name="doc2"'), {"workbench.json": b"\xff{not json"}))
    report = project.import_file(path)
    assert any("workbench.json could not be read" in w for w in report.warnings)


def test_control_characters_never_break_the_exported_xml(project, refi, tmp_path):
    project.add_code("Soft\x0bbreak", definition="Pasted from Word\x0b with a vertical tab.")
    project.add_memo("A memo with a stray \x01 byte.")
    project.export_refi(tmp_path / "odd.qdpx")
    with zipfile.ZipFile(tmp_path / "odd.qdpx") as archive:
        qde = etree.fromstring(archive.read("project.qde"))
    project_schema = schema(refi, "Project-mrt2019.xsd")
    assert project_schema.validate(qde), project_schema.error_log
    assert qde.find(f".//{{{PROJECT_NS}}}Code").get("name") == "Softbreak"


def test_a_code_renamed_in_another_tool_merges_by_its_guid(sample_project, tmp_path):
    path = copy_of(sample_project, tmp_path)
    with Project.open(path, member="Alex Morgan") as project:
        project.export_refi(tmp_path / "codebook.qdc")
        renamed = (tmp_path / "codebook.qdc").read_text(encoding="utf-8").replace('name="Waiting and timing"', 'name="Waiting (renamed)"')
        (tmp_path / "renamed.qdc").write_text(renamed, encoding="utf-8")
        report = project.import_file(tmp_path / "renamed.qdc")
        names = set(project.codes()["name"])
    assert report.codes == 0 and "Waiting and timing" in names and "Waiting (renamed)" not in names
