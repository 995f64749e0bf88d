"""Hostile REFI-QDA files are refused quickly, with nothing read or written outside
and nothing half-imported."""

import io
import stat
import time
import zipfile

import pytest

from support import snapshot
from workbench.errors import ImportProblem

PROJECT_NS = "urn:QDA-XML:project:1.0"
SOURCE_GUID = "33333333-3333-3333-3333-333333333333"

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE Project [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<Project xmlns="urn:QDA-XML:project:1.0" name="&lol9;"/>"""


def zipped(entries: dict[str, bytes | str], links: tuple[str, ...] = ()) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            if name in links:
                info.external_attr = (stat.S_IFLNK | 0o777) << 16
            archive.writestr(info, data)
    return buffer.getvalue()


def source_project(path: str) -> str:
    return (f'<Project xmlns="{PROJECT_NS}" name="p"><Sources><TextSource guid="{SOURCE_GUID}" name="s" '
            f'plainTextPath="{path}"/></Sources></Project>')


def refused(project, tmp_path, filename: str, data: bytes, match: str) -> float:
    """Import `data` as `filename` from an inbox folder; check it is refused and nothing changed anywhere."""
    inbox = tmp_path / "inbox"
    inbox.mkdir(exist_ok=True)
    (inbox / filename).write_bytes(data)
    before_files = sorted(p for p in tmp_path.rglob("*") if "project.db" not in p.name)
    before = snapshot(project)
    started = time.perf_counter()
    with pytest.raises(ImportProblem, match=match) as caught:
        project.import_file(inbox / filename)
    elapsed = time.perf_counter() - started
    assert "\n" not in str(caught.value) and filename in str(caught.value)
    assert snapshot(project) == before
    assert sorted(p for p in tmp_path.rglob("*") if "project.db" not in p.name) == before_files
    return elapsed


def test_billion_laughs_in_a_project_is_refused_quickly(project, tmp_path):
    assert refused(project, tmp_path, "laughs.qdpx", zipped({"project.qde": BILLION_LAUGHS}), "DTD or entities") < 5


def test_billion_laughs_in_a_codebook_is_refused(project, tmp_path):
    laughs = BILLION_LAUGHS.replace("Project", "CodeBook").replace(PROJECT_NS, "urn:QDA-XML:codebook:1.0")
    refused(project, tmp_path, "laughs.qdc", laughs.encode(), "DTD or entities")


def test_an_external_entity_cannot_read_a_local_file(project, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("THE-SECRET-WORDS")
    xxe = (f'<?xml version="1.0"?><!DOCTYPE Project [<!ENTITY x SYSTEM "file://{secret}">]>'
           f'<Project xmlns="{PROJECT_NS}" name="&x;"><Description>&x;</Description></Project>')
    refused(project, tmp_path, "xxe.qdpx", zipped({"project.qde": xxe}), "DTD or entities")
    assert "THE-SECRET-WORDS" not in str(snapshot(project))


@pytest.mark.parametrize("entry", ["../evil.txt", "sources/../../evil.txt", "/tmp/evil.txt", "C:/evil.txt", "..\\evil.txt"])
def test_zip_slip_entry_names_are_refused(project, tmp_path, entry):
    data = zipped({"project.qde": source_project("internal://s.txt"), "Sources/s.txt": "fine", entry: "evil"})
    refused(project, tmp_path, "slip.qdpx", data, "looks unsafe")
    assert not (tmp_path / "evil.txt").exists() and not (tmp_path.parent / "evil.txt").exists()


@pytest.mark.parametrize("path", ["internal://../../etc/passwd", "../../etc/passwd", "/etc/passwd", "C:\\Windows\\win.ini"])
def test_source_paths_that_climb_out_are_refused(project, tmp_path, path):
    refused(project, tmp_path, "climb.qdpx", zipped({"project.qde": source_project(path)}), "looks unsafe")


@pytest.mark.parametrize("path", ["absolute:///etc/passwd", "file:///etc/passwd", "https://example.org/a.txt"])
def test_sources_outside_the_archive_are_refused(project, tmp_path, path):
    refused(project, tmp_path, "outside.qdpx", zipped({"project.qde": source_project(path)}), "outside the archive")


def test_a_link_in_the_archive_is_refused(project, tmp_path):
    data = zipped({"project.qde": source_project("internal://s.txt"), "Sources/s.txt": "/etc/passwd"},
                  links=("Sources/s.txt",))
    refused(project, tmp_path, "link.qdpx", data, "link")


def test_a_zip_bomb_is_refused_before_it_is_unpacked(project, tmp_path):
    bomb = zipped({"project.qde": source_project("internal://s.txt"), "Sources/s.txt": b"\0" * (40 * 1024 * 1024)})
    assert len(bomb) < 100_000
    assert refused(project, tmp_path, "bomb.qdpx", bomb, "zip bomb") < 5


def test_many_small_parts_that_add_up_to_a_bomb_are_refused(project, tmp_path):
    entries = {"project.qde": source_project("internal://s.txt")}
    entries.update({f"Sources/{i}.txt": b"\0" * (900 * 1024) for i in range(20)})
    refused(project, tmp_path, "many.qdpx", zipped(entries), "zip bomb")


def test_an_archive_with_too_many_entries_is_refused(project, tmp_path):
    entries = {"project.qde": source_project("internal://s.txt")}
    entries.update({f"Sources/{i}.txt": b"" for i in range(10_001)})
    refused(project, tmp_path, "crowded.qdpx", zipped(entries), "entries")


def test_a_password_protected_part_is_refused(project, tmp_path):
    data = bytearray(zipped({"project.qde": source_project("internal://s.txt"), "Sources/s.txt": "words"}))
    for signature in (b"PK\x03\x04", b"PK\x01\x02"):  # set the 'encrypted' flag in both headers
        at = data.find(signature)
        while at != -1:
            flag_at = at + (6 if signature == b"PK\x03\x04" else 8)
            data[flag_at] |= 0x1
            at = data.find(signature, at + 4)
    refused(project, tmp_path, "locked.qdpx", bytes(data), "password")


def test_damaged_and_wrong_files_are_refused_in_one_sentence(project, tmp_path):
    refused(project, tmp_path, "notzip.qdpx", b"this is not a zip", "not a valid .qdpx")
    refused(project, tmp_path, "empty.qdpx", zipped({"readme.txt": "hi"}), "no project.qde")
    refused(project, tmp_path, "broken.qdpx", zipped({"project.qde": "<Project"}), "not well-formed")
    refused(project, tmp_path, "word.qdpx", zipped({"project.qde": "<Document/>"}), "not a REFI-QDA project")
    refused(project, tmp_path, "missing.qdpx", zipped({"project.qde": source_project("internal://gone.txt")}), "not in the archive")


def test_a_refusal_late_in_the_file_leaves_nothing_half_imported(project, tmp_path):
    code = '<CodeBook><Codes><Code guid="22222222-2222-2222-2222-222222222222" name="kept?" isCodable="true"/></Codes></CodeBook>'
    qde = source_project("absolute:///etc/passwd").replace('name="p">', f'name="p"><Users><User guid="11111111-1111-1111-1111-111111111111" name="Eve"/></Users>{code}')
    refused(project, tmp_path, "late.qdpx", zipped({"project.qde": qde}), "outside the archive")
    assert "Eve" not in set(project.members()["name"]) and len(project.codes()) == 0
