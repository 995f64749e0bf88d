"""A partner's offline coding comes home: importing an export of the same documents adds
only what is new, credited to its coders, and says what was there and what conflicted."""

import shutil

import pytest

from refi_helpers import Selection, build_qdpx, new_guid, utf16
from workbench import Project

TEXT = ("Día uno 😀 fui a la clínica.\n"
        "The nurse 👩🏽‍⚕️ said wait until four.\n"
        "שלום עליכם was all the porter said.\n")
NOOR, PRIYA = new_guid(), new_guid()
STAFF, WAITING = new_guid(), new_guid()
SOURCE = new_guid()
FIRST_CODINGS = {"nurse": new_guid(), "porter": new_guid()}


def at(text: str, word: str, count=lambda text, index: index):
    start = text.index(word)
    return count(text, start), count(text, start + len(word))


def team_file() -> bytes:
    selections = [Selection(*at(TEXT, word), STAFF, NOOR, guid) for word, guid in FIRST_CODINGS.items()]
    return build_qdpx("MAXQDA 24 (Release 24.7.0)", [(NOOR, "Noor")], [(STAFF, "Help from staff")],
                      [(SOURCE, "diary", TEXT, selections)])


def partner_file(source_guid: str = SOURCE, text: str = TEXT, changed_span: bool = False) -> bytes:
    """Back from NVivo for Windows: CRLF line ends counted, UTF-16 units, a new coder and code."""
    crlf = text.replace("\n", "\r\n")

    def nvivo(word):
        return at(crlf, word, utf16)

    porter = nvivo("porter") if not changed_span else nvivo("the porter")
    selections = [Selection(*nvivo("nurse"), STAFF, NOOR, FIRST_CODINGS["nurse"]),
                  Selection(*porter, STAFF, NOOR, FIRST_CODINGS["porter"]),
                  Selection(*nvivo("wait"), WAITING, PRIYA), Selection(*nvivo("four"), STAFF, PRIYA)]
    return build_qdpx("NVivo 14.23 (Windows)", [(NOOR, "Noor"), (PRIYA, "Priya")],
                      [(STAFF, "Help from staff"), (WAITING, "Waiting")], [(source_guid, "diary", text, selections)],
                      notes=[(new_guid(), "Priya: the wait felt endless.", PRIYA)], line_ends="\r\n")


@pytest.fixture
def team(backend_project, tmp_path):
    (tmp_path / "team.qdpx").write_bytes(team_file())
    backend_project.import_file(tmp_path / "team.qdpx")
    return backend_project


@pytest.mark.parametrize("same_guid", [True, False], ids=["matched by guid", "matched by text"])
def test_a_partners_export_adds_only_their_new_work(team, tmp_path, same_guid):
    path = tmp_path / "partner.qdpx"
    path.write_bytes(partner_file(SOURCE if same_guid else new_guid()))
    report = team.import_file(path)
    assert list(team.documents()["name"]) == ["diary"]  # no "diary (2)"
    assert report.documents == [] and report.already["documents"] == 1
    assert report.codings == 2 and report.already["codings"] == 2
    assert report.codes == 1 and report.already["codes"] == 1
    assert report.members == 1 and report.already["members"] == 1 and report.memos == 1
    assert not report.conflicts
    codings = team.codings()
    assert sorted(codings.loc[codings["member"] == "Priya", "text"]) == ["four", "wait"]
    assert sorted(codings.loc[codings["member"] == "Noor", "text"]) == ["nurse", "porter"]
    assert team.document_text("diary") == TEXT  # the project's line ends kept
    assert "added 1 code(s), 2 coding(s), 1 member(s), 1 memo(s); already in the project: 1 document(s)" in str(report)
    again = team.import_file(path)
    assert str(again).endswith(f"nothing new; already in the project: 1 document(s), 2 code(s), 4 coding(s), "
                               f"2 member(s), 1 memo(s).")
    assert len(team.codings()) == 4 and len(team.memos()) == 1


def test_a_document_whose_text_changed_is_a_conflict_and_kept_apart(team, tmp_path):
    edited = TEXT.replace("was all the porter said", "was all the porter ever said")
    path = tmp_path / "edited.qdpx"
    path.write_bytes(partner_file(text=edited))
    report = team.import_file(path)
    assert sorted(team.documents()["name"]) == ["diary", "diary (2)"]
    assert team.document_text("diary") == TEXT and team.document_text("diary (2)") == edited.replace("\n", "\r\n")
    assert any("'diary' has another text in the file" in c for c in report.conflicts)
    assert sorted(team.codings("diary (2)")["text"]) == ["four", "nurse", "porter", "wait"]
    assert len(set(team.documents()["id"])) == 2


def test_a_coding_changed_in_the_file_is_a_conflict_and_the_projects_is_kept(team, tmp_path):
    path = tmp_path / "changed.qdpx"
    path.write_bytes(partner_file(changed_span=True))
    report = team.import_file(path)
    assert any("a coding" in c and "was changed in the file" in c for c in report.conflicts)
    noor = team.codings()
    assert sorted(noor.loc[noor["member"] == "Noor", "text"]) == ["nurse", "porter"]
    assert report.codings == 2  # Priya's two


def test_partner_coding_with_the_workbench_comes_home(sample_project, tmp_path):
    team_path = tmp_path / "team.db"
    shutil.copy(sample_project, team_path)
    with Project.open(team_path, member="Alex Morgan") as team:
        team.export_refi(tmp_path / "for-partner.qdpx")
        before_documents, before_codings, before_memos = len(team.documents()), len(team.codings()), len(team.memos())
    with Project.create(tmp_path / "partner.db", member="Robin Partner", role="lived-experience partner") as partner:
        partner.import_file(tmp_path / "for-partner.qdpx")
        document = partner.documents().iloc[0]["name"]
        code = partner.codes().iloc[-1]["name"]
        text = partner.document_text(document)
        partner.apply_code(document, code, start=0, end=min(len(text), 25))
        partner.add_memo("Robin: this part matters most.")
        partner.export_refi(tmp_path / "from-partner.qdpx")
    with Project.open(team_path, member="Alex Morgan") as team:
        report = team.import_file(tmp_path / "from-partner.qdpx")
        assert len(team.documents()) == before_documents and not report.documents
        assert not any(name.endswith(")") and "(2)" in name for name in team.documents()["name"])
        assert report.codings == 1 and len(team.codings()) == before_codings + 1
        assert report.already["codings"] == before_codings and report.already["documents"] == before_documents
        assert report.memos == 1 and len(team.memos()) == before_memos + 1
        robin = team.codings()[team.codings()["member"] == "Robin Partner"]
        assert list(robin["document"]) == [document] and list(robin["code"]) == [code]
        assert team.members().set_index("name").loc["Robin Partner", "role"] == "lived-experience partner"


def case_file(values: dict[str, str]) -> bytes:
    from refi_helpers import NS, archive
    variables = {name: new_guid() for name in values}
    declared = "".join(f'<Variable guid="{g}" name="{n}" typeOfVariable="Text"/>' for n, g in variables.items())
    held = "".join(f'<VariableValue><VariableRef targetGUID="{variables[n]}"/><TextValue>{v}</TextValue></VariableValue>'
                   for n, v in values.items())
    qde = (f'<?xml version="1.0" encoding="utf-8"?><Project xmlns="{NS}" name="c"><Variables>{declared}</Variables>'
           f'<Cases><Case guid="{new_guid()}" name="P7">{held}</Case><Case guid="{new_guid()}" name="P8"/></Cases></Project>')
    return archive({"project.qde": qde.encode()})


def test_a_participant_known_already_gains_only_what_it_lacks(project, tmp_path):
    (tmp_path / "first.qdpx").write_bytes(case_file({"age band": "70-79"}))
    project.import_file(tmp_path / "first.qdpx")
    (tmp_path / "second.qdpx").write_bytes(case_file({"age band": "60-69", "site": "North"}))
    report = project.import_file(tmp_path / "second.qdpx")
    people = project.participants().set_index("pseudonym")
    assert sorted(people.index) == ["P7", "P8"] and report.participants == 0 and report.already["participants"] == 2
    assert people.loc["P7", "age band"] == "70-79" and people.loc["P7", "site"] == "North"
    assert any("'P7' has age band '60-69' in the file" in c for c in report.conflicts)
