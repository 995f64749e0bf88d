"""Codability, colours (none stays none), descriptions, document kinds and the .qde's name
survive the exchange, checked with an independent reader and the REFI-QDA schema."""

import sqlite3
from xml.sax.saxutils import quoteattr

import pytest
from lxml import etree

from refi_helpers import NS, Q, USER, archive, new_guid, read_export
from workbench import Project
from workbench.errors import ImportProblem

FEELINGS, FEAR, HOPE = new_guid(), new_guid(), "c002"  # MAXQDA-style ids are not always GUIDs
INTERVIEW = "I: How was the first night home?\nB: I was frightened, nobody called.\nI: And later?\nB: Later it got better.\n"
GROUP = ("Mo: We waited for hours.\nAnn: The pharmacy closed.\nLee: Nobody said why.\nMo: Same for me.\n"
         "Ann: And the bus.\nLee: Yes.\n")
DIARY = "Rained all day. Went to the chemist twice.\n"


def source(name: str, text: str, description: str = "") -> tuple[str, str, dict]:
    guid = new_guid()
    described = f"<Description>{description}</Description>" if description else ""
    return (f'<TextSource guid="{guid}" name={quoteattr(name)} plainTextPath="internal://{guid}.txt">{described}'
            f'</TextSource>', guid, {f"Sources/{guid}.txt": text.encode()})


def maxqda_file(qde_name: str = "project.qde", folder: str = "") -> bytes:
    parts = [source("Anna", INTERVIEW, "First interview, at home."), source("Group 2", GROUP), source("Diary week 1", DIARY)]
    codes = (f'<Code guid="{FEELINGS}" name="Feelings" isCodable="false">'
             f'<Code guid="{FEAR}" name="Fear" isCodable="true" color="#ff0000"><Description>Being afraid.</Description></Code>'
             f'<Code guid="{HOPE}" name="Hope" isCodable="true"/></Code>')
    qde = (f'<?xml version="1.0" encoding="utf-8"?><Project xmlns="{NS}" name="m" origin="MAXQDA 24 (Release 24.7.0)">'
           f'<Users><User guid="{USER}" name="Noor"/></Users><CodeBook><Codes>{codes}</Codes></CodeBook>'
           f'<Sources>{"".join(p[0] for p in parts)}</Sources></Project>')
    files = {f"{folder}{qde_name}": qde.encode()}
    for _, _, texts in parts:
        files.update({f"{folder}{name}": data for name, data in texts.items()})
    return archive(files)


@pytest.fixture
def imported(backend_project, tmp_path):
    path = tmp_path / "maxqda.qdpx"
    path.write_bytes(maxqda_file())
    backend_project.import_file(path)
    return backend_project


def test_document_kinds_fit_the_sources(imported):
    kinds = imported.documents().set_index("name")["kind"]
    assert kinds.to_dict() == {"Anna": "interview", "Group 2": "focus group", "Diary week 1": "notes"}


def test_codability_colours_and_descriptions_go_back_out(imported, validation, tmp_path):
    imported.export_refi(tmp_path / "out.qdpx")
    exported = read_export(tmp_path / "out.qdpx")
    codes = {code.get("name"): code for code in exported.root.iter(f"{Q}Code")}
    assert codes["Feelings"].get("isCodable") == "false" and codes["Fear"].get("isCodable") == "true"
    assert codes["Feelings"].get("color") is None and codes["Hope"].get("color") is None  # none stays none
    assert codes["Fear"].get("color") == "#FF0000"
    assert codes["Fear"].findtext(f"{Q}Description") == "Being afraid."
    sources = {s.get("name"): s for s in exported.root.iter(f"{Q}TextSource")}
    assert sources["Anna"].findtext(f"{Q}Description") == "First interview, at home."
    assert sources["Group 2"].find(f"{Q}Description") is None
    assert exported.texts["Anna"] == INTERVIEW
    schema = etree.XMLSchema(etree.parse(str(validation / "refi_qda" / "schemas" / "Project-mrt2019.xsd")))
    assert schema.validate(exported.root), schema.error_log  # "c002" went out as a real GUID


def test_the_details_survive_a_round_trip(imported, tmp_path):
    imported.export_refi(tmp_path / "out.qdpx")
    with Project.create(tmp_path / "back.db", member="Kim Lo") as copy:
        copy.import_file(tmp_path / "out.qdpx")
        copy.export_refi(tmp_path / "again.qdpx")
        assert copy.documents().set_index("name")["kind"].to_dict() == imported.documents().set_index("name")["kind"].to_dict()
    codes = {c.get("name"): (c.get("isCodable"), c.get("color")) for c in read_export(tmp_path / "again.qdpx").root.iter(f"{Q}Code")}
    assert codes == {"Feelings": ("false", None), "Fear": ("true", "#FF0000"), "Hope": ("true", None)}


def test_a_qde_with_another_name_in_a_folder_is_read(project, tmp_path):
    path = tmp_path / "atlas.qdpx"
    path.write_bytes(maxqda_file("Home Study.qde", folder="Home Study/"))
    report = project.import_file(path)
    assert len(project.documents()) == 3 and project.document_text("Anna") == INTERVIEW
    assert any("called 'Home Study/Home Study.qde'" in w for w in report.warnings)


def test_two_qde_files_are_refused_plainly(project, tmp_path):
    path = tmp_path / "two.qdpx"
    path.write_bytes(archive({"a.qde": b"<Project/>", "b.qde": b"<Project/>"}))
    with pytest.raises(ImportProblem, match="holds 2 project files") as caught:
        project.import_file(path)
    assert "two.qdpx" in str(caught.value) and project.documents().empty


def test_an_older_project_gains_the_exchange_tables(project_path, tmp_path):
    with Project.create(project_path, member="Alex Morgan"):
        pass
    with sqlite3.connect(project_path) as conn:  # as a project made before migration 0012
        conn.execute("DROP TABLE code_exchange")
        conn.execute("DROP TABLE document_exchange")
        conn.execute("DELETE FROM schema_migrations WHERE name = '0012_exchange'")
    path = tmp_path / "maxqda.qdpx"
    path.write_bytes(maxqda_file())
    with Project.open(project_path, member="Alex Morgan") as project:
        project.import_file(path)
        project.export_refi(tmp_path / "out.qdpx")
    codes = {c.get("name"): c.get("isCodable") for c in read_export(tmp_path / "out.qdpx").root.iter(f"{Q}Code")}
    assert codes["Feelings"] == "false"


def test_a_large_codebook_imports_set_based(project, tmp_path):
    import time

    def code(i, children=""):
        return f'<Code guid="{new_guid()}" name="code {i}" isCodable="true">{children}</Code>'
    tree = "".join(code(f"{a}", "".join(code(f"{a}.{b}", "".join(code(f"{a}.{b}.{c}") for c in range(10)))
                                        for b in range(10))) for a in range(30))
    path = tmp_path / "big.qdc"
    path.write_text(f'<?xml version="1.0" encoding="utf-8"?><CodeBook xmlns="urn:QDA-XML:codebook:1.0">'
                    f'<Codes>{tree}</Codes></CodeBook>', encoding="utf-8")
    started = time.perf_counter()
    report = project.import_file(path)
    took = time.perf_counter() - started
    codes = project.codes().set_index("name")
    assert report.codes == 3330 and len(codes) == 3330
    assert codes.loc["code 7.3.9", "parent"] == "code 7.3" and codes.loc["code 7.3", "parent"] == "code 7"
    assert (project.events()["action"] == "code.create").sum() == 3330
    assert took < 30, took  # about 1 s here (2 shared cores)
