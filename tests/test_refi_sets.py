"""Document sets and code sets survive the exchange: read into the project's sets,
exported (project and codebook) valid against the schemas, merged without duplicates."""

from xml.sax.saxutils import quoteattr

import pytest
from lxml import etree

from refi_helpers import NS, Q, USER, archive, new_guid, read_export
from workbench import Project

S1, S2, S3 = new_guid(), new_guid(), new_guid()
C1, C2 = new_guid(), new_guid()
SETS = {"carers": new_guid(), "feelings": new_guid(), "round": new_guid(), "notes": new_guid()}
TEXTS = {S1: ("Interview with a carer", "I: Hello.\nB: I care for my mum.\n"),
         S2: ("Second carer", "We manage at home.\n"), S3: ("Ward visit", "The ward was loud.\n")}


def file_with_sets() -> bytes:
    sources = "".join(f'<TextSource guid="{g}" name={quoteattr(n)} plainTextPath="internal://{g}.txt"/>'
                      for g, (n, _) in TEXTS.items())
    sets = (f'<Set guid="{SETS["carers"]}" name="Carers"><Description>Everyone who cares for someone.</Description>'
            f'<MemberSource targetGUID="{S1}"/><MemberSource targetGUID="{S2}"/></Set>'
            f'<Set guid="{SETS["feelings"]}" name="Feelings group"><MemberCode targetGUID="{C1}"/>'
            f'<MemberCode targetGUID="{C2}"/></Set>'
            f'<Set guid="{SETS["round"]}" name="Round 1"><MemberCode targetGUID="{C1}"/><MemberSource targetGUID="{S3}"/></Set>'
            f'<Set guid="{SETS["notes"]}" name="Memos only"><MemberNote targetGUID="{new_guid()}"/></Set>')
    qde = (f'<?xml version="1.0" encoding="utf-8"?><Project xmlns="{NS}" name="s" origin="MAXQDA 2022 (Release 22.4.0)">'
           f'<Users><User guid="{USER}" name="Noor"/></Users><CodeBook><Codes>'
           f'<Code guid="{C1}" name="Fear" isCodable="true"/><Code guid="{C2}" name="Relief" isCodable="true"/>'
           f'</Codes></CodeBook><Sources>{sources}</Sources><Sets>{sets}</Sets></Project>')
    return archive({"project.qde": qde.encode(), **{f"Sources/{g}.txt": t.encode() for g, (_, t) in TEXTS.items()}})


def members(project, name, kind):
    return sorted(project.set_members(name, kind)["name"])


def schema(validation, name):
    return etree.XMLSchema(etree.parse(str(validation / "refi_qda" / "schemas" / name)))


@pytest.fixture
def with_sets(backend_project, tmp_path):
    (tmp_path / "sets.qdpx").write_bytes(file_with_sets())
    report = backend_project.import_file(tmp_path / "sets.qdpx")
    return backend_project, report


def test_document_and_code_sets_are_kept(with_sets):
    project, report = with_sets
    kept = project.sets().set_index(["kind", "name"])
    assert sorted(kept.index) == [("codes", "Feelings group"), ("codes", "Round 1"),
                                  ("documents", "Carers"), ("documents", "Memos only"), ("documents", "Round 1")]
    assert kept.loc[("documents", "Carers"), "description"] == "Everyone who cares for someone."
    assert members(project, "Carers", "documents") == ["Interview with a carer", "Second carer"]
    assert members(project, "Feelings group", "codes") == ["Fear", "Relief"]
    assert members(project, "Round 1", "codes") == ["Fear"] and members(project, "Round 1", "documents") == ["Ward visit"]
    assert report.sets == 5
    assert any("notes in the set 'Memos only' were left out" in w for w in report.warnings)


def test_sets_are_exported_valid_and_come_back(with_sets, validation, tmp_path):
    project, _ = with_sets
    project.export_refi(tmp_path / "out.qdpx")
    exported = read_export(tmp_path / "out.qdpx")
    assert schema(validation, "Project-mrt2019.xsd").validate(exported.root)
    sources = {s.get("guid"): s.get("name") for s in exported.root.iter(f"{Q}TextSource")}
    codes = {c.get("guid"): c.get("name") for c in exported.root.iter(f"{Q}Code")}
    written = {}
    for element in exported.root.iter(f"{Q}Set"):
        held = sorted([sources[m.get("targetGUID")] for m in element.iter(f"{Q}MemberSource")] +
                      [codes[m.get("targetGUID")] for m in element.iter(f"{Q}MemberCode")])
        written.setdefault(element.get("name"), []).extend(held)
    assert written["Carers"] == ["Interview with a carer", "Second carer"]
    assert written["Feelings group"] == ["Fear", "Relief"]
    assert sorted(written["Round 1"]) == ["Fear", "Ward visit"]
    assert len({e.get("guid") for e in exported.root.iter(f"{Q}Set")}) == len(list(exported.root.iter(f"{Q}Set")))
    with Project.create(tmp_path / "back.db", member="Kim Lo") as copy:
        copy.import_file(tmp_path / "out.qdpx")
        assert members(copy, "Carers", "documents") == ["Interview with a carer", "Second carer"]
        assert members(copy, "Feelings group", "codes") == ["Fear", "Relief"]
        assert sorted(copy.sets()["name"]) == sorted(project.sets()["name"])


def test_importing_the_sets_again_adds_nothing(with_sets, tmp_path):
    project, _ = with_sets
    before = project.sets()
    again = project.import_file(tmp_path / "sets.qdpx")
    assert again.sets == 0 and again.already["sets"] == 5
    assert len(project.sets()) == len(before)
    assert members(project, "Carers", "documents") == ["Interview with a carer", "Second carer"]


def test_a_codebook_carries_its_code_sets(project, validation, tmp_path):
    project.add_code("Fear")
    project.add_code("Relief")
    project.add_code("Anger")
    project.add_code_set("Feelings", ["Fear", "Relief"], description="How people felt.")
    project.add_document_set("Nothing yet", [])
    project.export_refi(tmp_path / "codebook.qdc")
    root = etree.parse(str(tmp_path / "codebook.qdc")).getroot()
    assert schema(validation, "Codebook-mrt2019.xsd").validate(root)
    cb = "{urn:QDA-XML:codebook:1.0}"
    sets = root.findall(f"{cb}Sets/{cb}Set")
    assert [s.get("name") for s in sets] == ["Feelings"]  # a codebook holds code sets only
    codes = {c.get("guid"): c.get("name") for c in root.iter(f"{cb}Code")}
    assert sorted(codes[m.get("guid")] for m in sets[0].findall(f"{cb}MemberCode")) == ["Fear", "Relief"]
    with Project.create(tmp_path / "other.db", member="Kim Lo") as other:
        other.import_file(tmp_path / "codebook.qdc")
        assert members(other, "Feelings", "codes") == ["Fear", "Relief"]
        assert other.sets().set_index("name").loc["Feelings", "description"] == "How people felt."


def test_a_set_made_from_a_query_is_left_out_with_a_note(project, tmp_path):
    project.add_code("Fear")
    project.add_code_set("From a query", query="Fear")
    report = project.export_refi(tmp_path / "out.qdpx")
    assert any("made from a saved query were left out" in note for note in report.notes)
    assert not list(read_export(tmp_path / "out.qdpx").root.iter(f"{Q}Set"))
