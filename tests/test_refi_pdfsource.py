"""A REFI-QDA PDFSource: read from its text representation, exported as a PDFSource with
that representation again (valid against the schema), coded passages on the same words."""

import zipfile
from xml.sax.saxutils import quoteattr

from lxml import etree

from refi_helpers import NS, Q, USER, archive, new_guid, utf16
from workbench import Project

TEXT = "Discharge letter 📄\nThe patient may go home on Friday.\nFollow-up in clinic 3.\n"
WORDS = ["home", "Friday", "clinic"]
PDF, REPRESENTATION, CODE = new_guid(), new_guid(), new_guid()


def pdf_source_file() -> bytes:
    selections = "".join(
        f'<PlainTextSelection guid="{new_guid()}" startPosition="{utf16(TEXT, TEXT.index(w))}" '
        f'endPosition="{utf16(TEXT, TEXT.index(w) + len(w))}"><Coding guid="{new_guid()}" creatingUser="{USER}">'
        f'<CodeRef targetGUID="{CODE}"/></Coding></PlainTextSelection>' for w in WORDS)
    qde = (f'<?xml version="1.0" encoding="utf-8"?><Project xmlns="{NS}" name="p" origin="NVivo 14">'
           f'<Users><User guid="{USER}" name="Noor"/></Users>'
           f'<CodeBook><Codes><Code guid="{CODE}" name="Going home" isCodable="true"/></Codes></CodeBook>'
           f'<Sources><PDFSource guid="{PDF}" name={quoteattr("letter")} path="internal://{PDF}.pdf">'
           f'<Description>The hospital letter.</Description>'
           f'<Representation guid="{REPRESENTATION}" plainTextPath="internal://{REPRESENTATION}.txt">{selections}'
           f'</Representation></PDFSource></Sources></Project>')
    return archive({"project.qde": qde.encode(), f"Sources/{REPRESENTATION}.txt": TEXT.encode(),
                    f"Sources/{PDF}.pdf": b"%PDF-1.4 (the original PDF)"})


def test_a_pdf_source_comes_in_by_its_text_and_goes_out_as_a_pdf_source(project, validation, tmp_path):
    (tmp_path / "in.qdpx").write_bytes(pdf_source_file())
    project.import_file(tmp_path / "in.qdpx")
    assert project.document_text("letter") == TEXT
    assert sorted(project.codings()["text"]) == sorted(WORDS)
    project.export_refi(tmp_path / "out.qdpx")
    with zipfile.ZipFile(tmp_path / "out.qdpx") as handle:
        root = etree.fromstring(handle.read("project.qde"))
        source = root.find(f"{Q}Sources/{Q}PDFSource")
        representation = source.find(f"{Q}Representation")
        text = handle.read("Sources/" + representation.get("plainTextPath").removeprefix("internal://")).decode()
    schema = etree.XMLSchema(etree.parse(str(validation / "refi_qda" / "schemas" / "Project-mrt2019.xsd")))
    assert schema.validate(root), schema.error_log
    assert source.get("guid") == PDF and source.findtext(f"{Q}Description") == "The hospital letter."
    assert root.find(f"{Q}Sources/{Q}TextSource") is None
    spans = [(int(s.get("startPosition")), int(s.get("endPosition"))) for s in representation.iter(f"{Q}PlainTextSelection")]
    assert sorted(text[a:b] for a, b in spans) == sorted(WORDS)
    with Project.create(tmp_path / "back.db", member="Kim Lo") as copy:
        copy.import_file(tmp_path / "out.qdpx")
        assert copy.document_text("letter") == TEXT and sorted(copy.codings()["text"]) == sorted(WORDS)
