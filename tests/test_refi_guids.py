"""Repeated and odd GUIDs in real files: re-keyed with a note, never merged, never sharing a
source file on export; a round trip keeps every word."""

from collections import Counter
from xml.sax.saxutils import quoteattr

import pytest

from refi_helpers import NS, Q, USER, archive, read_export
from workbench import Project

SHARED = "{6F9619FF-8B86-D011-B42D-00C04FC964FF}"
LONG_ID = "nvivo-node-" + "x" * 60  # not a GUID, longer than a GUID


def source(guid: str, name: str, selections: str = "") -> str:
    return (f'<TextSource guid="{guid}" name={quoteattr(name)} plainTextPath="internal://{name}.txt">'
            f'{selections}</TextSource>')


def coded(start: int, end: int, code: str, guid: str) -> str:
    return (f'<PlainTextSelection guid="{guid}-s" startPosition="{start}" endPosition="{end}">'
            f'<Coding guid="{guid}" creatingUser="{USER}"><CodeRef targetGUID="{code}"/></Coding></PlainTextSelection>')


def qdpx(codes: str, sources: str, texts: dict[str, str]) -> bytes:
    qde = (f'<?xml version="1.0" encoding="utf-8"?><Project xmlns="{NS}" name="dup" origin="NVivo 14">'
           f'<Users><User guid="{USER}" name="Noor"/></Users><CodeBook><Codes>{codes}</Codes></CodeBook>'
           f'<Sources>{sources}</Sources></Project>')
    return archive({"project.qde": qde.encode(), **{f"Sources/{n}.txt": t.encode() for n, t in texts.items()}})


FIRST = "The porter carried my bag to the taxi."
SECOND = "Nobody phoned after I got home that week."


@pytest.fixture
def duplicated(tmp_path):
    codes = (f'<Code guid="c001" name="Help from staff" isCodable="true"/>'
             f'<Code guid="C001" name="Loneliness" isCodable="true"/>'  # the same id as the first, in capitals
             f'<Code guid="{LONG_ID}" name="Transport" isCodable="true"/>')
    sources = (source(SHARED, "first", coded(4, 10, "c001", "k1") + coded(33, 37, LONG_ID, "k2"))
               + source(SHARED.strip("{}").lower(), "second", coded(0, 6, "c001", "k3")))
    path = tmp_path / "duplicated.qdpx"
    path.write_bytes(qdpx(codes, sources, {"first": FIRST, "second": SECOND}))
    return path


def test_repeated_source_and_code_guids_are_rekeyed_not_merged(backend_project, duplicated):
    report = backend_project.import_file(duplicated)
    documents = backend_project.documents().set_index("name")
    assert sorted(documents.index) == ["first", "second"]
    assert backend_project.document_text("first") == FIRST and backend_project.document_text("second") == SECOND
    assert sorted(backend_project.codes()["name"]) == ["Help from staff", "Loneliness", "Transport"]
    assert report.codes == 3 and report.codes_merged == 0
    assert "merged with existing" not in str(report)
    assert any("two sources share the id" in w and "'first' and 'second'" in w for w in report.warnings)
    assert any("two codes share the id c001" in w for w in report.warnings)
    codings = backend_project.codings().sort_values(["document", "start"])
    assert list(zip(codings["document"], codings["text"], codings["code"])) == [
        ("first", "porter", "Help from staff"), ("first", "taxi", "Transport"), ("second", "Nobody", "Help from staff")]


def test_an_export_never_shares_a_guid_and_a_round_trip_keeps_every_word(project, duplicated, tmp_path):
    project.import_file(duplicated)
    project.export_refi(tmp_path / "out.qdpx")
    exported = read_export(tmp_path / "out.qdpx")
    source_guids = [s.get("guid") for s in exported.root.iter(f"{Q}TextSource")]
    code_guids = [c.get("guid") for c in exported.root.iter(f"{Q}Code")]
    paths = [s.get("plainTextPath") for s in exported.root.iter(f"{Q}TextSource")]
    assert len(set(source_guids)) == 2 and len(set(code_guids)) == 3 and len(set(paths)) == 2
    assert exported.texts == {"first": FIRST, "second": SECOND}
    with Project.create(tmp_path / "back.db", member="Kim Lo") as copy:
        copy.import_file(tmp_path / "out.qdpx")
        assert copy.document_text("first") == FIRST and copy.document_text("second") == SECOND
        assert sorted(copy.codings()["text"]) == ["Nobody", "porter", "taxi"]


def test_two_imports_with_one_guid_still_export_two_sources(project, tmp_path):
    # two different files that happen to use the same source GUID for different texts
    for name, text in (("a", FIRST), ("b", SECOND)):
        path = tmp_path / f"{name}.qdpx"
        path.write_bytes(qdpx("", source(SHARED, name), {name: text}))
        project.import_file(path)
    project.export_refi(tmp_path / "out.qdpx")
    exported = read_export(tmp_path / "out.qdpx")
    assert exported.texts == {"a": FIRST, "b": SECOND}
    assert Counter(exported.guids.values()).most_common(1)[0][1] == 1


def test_a_codebook_in_an_empty_project_merges_nothing(project, tmp_path):
    path = tmp_path / "codebook.qdc"
    path.write_text('<?xml version="1.0" encoding="utf-8"?><CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="MAXQDA 24">'
                    '<Codes><Code guid="c001" name="Waiting" isCodable="true"/><Code guid="c001" name="Medicines" '
                    'isCodable="true"/></Codes></CodeBook>', encoding="utf-8")
    report = project.import_file(path)
    assert sorted(project.codes()["name"]) == ["Medicines", "Waiting"]
    assert report.codes == 2 and report.codes_merged == 0 and "merged" not in str(report)
