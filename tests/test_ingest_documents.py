"""ODT, RTF, Markdown and HTML: golden text (markup dropped, never run), speaker turns,
and damaged, empty, huge and hostile files refused in one sentence, nothing half-imported."""

import io
import zipfile

import pytest
from odf.opendocument import OpenDocumentText
from odf.office import Annotation
from odf.text import H, LineBreak, Note, NoteBody, NoteCitation, P, S, Tab

from support import snapshot
from workbench.errors import ImportProblem

TURNS = ["Interviewer: How was the first night?", "Noor: Frightening — nobody called.",
         "Interviewer: And the next day?", "Noor: Better; the nurse phoned at 9."]
GOLDEN = "\n\n".join(TURNS)


def write(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def imported_text(project, path):
    report = project.import_file(path)
    return project.document_text(report.documents[0]), report


def refused(project, path, expected):
    before = snapshot(project)
    with pytest.raises(ImportProblem) as caught:
        project.import_file(path)
    message = str(caught.value)
    assert message.startswith(path.name + ": ") and "\n" not in message and expected.lower() in message.lower(), message
    assert snapshot(project) == before


# -- ODT ---------------------------------------------------------------------------------
def odt(lines, extra=None) -> bytes:
    document = OpenDocumentText()
    for line in lines:
        document.text.addElement(P(text=line))
    if extra:
        extra(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_odt_paragraphs_become_turns(project, tmp_path):
    text, _ = imported_text(project, write(tmp_path, "noor.odt", odt(TURNS)))
    assert text == GOLDEN
    assert list(project.segments("noor")["speaker"]) == ["Interviewer", "Noor", "Interviewer", "Noor"]


def test_odt_keeps_spaces_tabs_and_breaks_but_not_notes_or_comments(project, tmp_path):
    def extra(document):
        paragraph = P(text="Two")
        paragraph.addElement(S(c=3))
        paragraph.addText("three")
        paragraph.addElement(Tab())
        paragraph.addText("four")
        paragraph.addElement(LineBreak())
        paragraph.addText("five")
        note = Note(noteclass="footnote", id="n1")
        note.addElement(NoteCitation(text="1"))
        body = NoteBody()
        body.addElement(P(text="a footnote that is not speech"))
        note.addElement(body)
        paragraph.addElement(note)
        comment = Annotation()
        comment.addElement(P(text="a reviewer's comment"))
        paragraph.addElement(comment)
        document.text.addElement(paragraph)
        document.text.addElement(H(outlinelevel=1, text="Heading kept"))
    text, _ = imported_text(project, write(tmp_path, "odd.odt", odt(["One"], extra)))
    assert text == "One\nTwo   three\tfour\nfive\nHeading kept"


def test_odt_with_a_doctype_or_damage_is_refused(project, tmp_path):
    good = odt(TURNS)
    with zipfile.ZipFile(io.BytesIO(good)) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    parts["content.xml"] = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>' +
                            parts["content.xml"].split(b"?>", 1)[1])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for name, data in parts.items():
            target.writestr(name, data)
    refused(project, write(tmp_path, "entities.odt", buffer.getvalue()), "entities")
    refused(project, write(tmp_path, "broken.odt", good[: len(good) // 2]), "odt")
    refused(project, write(tmp_path, "empty.odt", odt([])), "no readable text")


# -- RTF ---------------------------------------------------------------------------------
RTF = ("{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0 Arial;}}{\\*\\generator Word;}"
       "{\\info{\\author Secret Name}}\\f0 Interviewer: How was the first night?\\par\\par "
       "Noor: Frightening \\u8212? nobody called.\\par\\par Interviewer: And the next day?\\par\\par "
       "Noor: Better; the nurse phoned at 9.\\par{\\pict\\pngblip 89504e470d0a}{\\*\\comment hidden}}")


def test_rtf_text_without_its_formatting(project, tmp_path):
    text, _ = imported_text(project, write(tmp_path, "noor.rtf", RTF))
    assert text == GOLDEN and "Secret Name" not in text and "89504e" not in text


def test_rtf_code_page_accents(project, tmp_path):
    text, _ = imported_text(project, write(tmp_path, "cafe.rtf", b"{\\rtf1\\ansi\\ansicpg1252 The caf\\'e9 was shut.\\par}"))
    assert text == "The café was shut."


@pytest.mark.parametrize("name, data, expected", [
    ("empty.rtf", b"", "is not Rich Text"),
    ("plain.rtf", b"Interviewer: hello\n", "is not Rich Text"),
    ("nothing.rtf", b"{\\rtf1\\ansi {\\fonttbl{\\f0 Arial;}}}", "no readable text"),
])
def test_bad_rtf_is_refused(project, tmp_path, name, data, expected):
    refused(project, write(tmp_path, name, data), expected)


# -- Markdown ----------------------------------------------------------------------------
MARKDOWN = """# Interview with Noor

**Interviewer:** How was the *first* night?

**Noor:** Frightening — [nobody](https://example.invalid/x) called.<script>alert("x")</script>

Interviewer: And the next day?

Noor: Better; the nurse phoned at 9.

<div onclick="steal()">Kept <b>words</b></div>
"""


def test_markdown_text_without_markup_or_scripts(project, tmp_path):
    text, _ = imported_text(project, write(tmp_path, "noor.md", MARKDOWN))
    assert text == "Interview with Noor\n\n" + GOLDEN + "\n\nKept words"
    assert "script" not in text and "javascript" not in text and "*" not in text
    assert list(project.segments("noor")["speaker"].dropna()) == ["Interviewer", "Noor", "Interviewer", "Noor"]


# -- HTML --------------------------------------------------------------------------------
HTML = """<!DOCTYPE html><html><head><title>Title is not speech</title>
<style>p { color: red }</style><script>document.cookie</script></head>
<body onload="evil()"><h1>Interview with Noor</h1>
<p>Interviewer: How was the first night?</p>
<p>Noor: Frightening &mdash; nobody
   called.</p><!-- a comment -->
<p>Interviewer: And the next day?</p><noscript>enable scripts</noscript>
<p>Noor: Better; the nurse phoned at 9.</p>
<pre>two  spaces
kept</pre>
<img src="http://example.invalid/track.png" alt="x"><iframe src="x">frame</iframe>
</body></html>"""


def test_html_text_only_nothing_run_or_fetched(project, tmp_path):
    text, _ = imported_text(project, write(tmp_path, "noor.html", HTML))
    assert text == "Interview with Noor\n\n" + GOLDEN + "\n\ntwo  spaces\nkept"
    for absent in ("Title is not speech", "color", "cookie", "comment", "enable scripts", "frame", "track"):
        assert absent not in text


@pytest.mark.parametrize("name, data, expected", [
    ("empty.html", b"", "is empty"),
    ("tags.html", b"<html><body><script>x()</script></body></html>", "no readable text"),
    ("empty.md", b"   \n", "is empty"),
    ("huge.html", b"<p>" + b"word " * (5 * 1024 * 1024), "too large"),
    ("huge.md", b"word " * (1024 * 1024 + 1), "too large"),
])
def test_bad_markdown_and_html_are_refused(project, tmp_path, name, data, expected):
    refused(project, write(tmp_path, name, data), expected)


def test_an_odt_locked_with_a_password_is_refused(project, tmp_path):
    with zipfile.ZipFile(io.BytesIO(odt(TURNS))) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    parts["META-INF/manifest.xml"] = parts["META-INF/manifest.xml"].replace(
        b'manifest:full-path="content.xml"',
        b'manifest:full-path="content.xml"><manifest:encryption-data manifest:checksum="x"/></manifest:file-entry'
        b'><manifest:file-entry manifest:media-type="" manifest:full-path="other.xml"', 1)
    parts["content.xml"] = bytes(range(256)) * 8  # what encrypted content looks like
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for name, data in parts.items():
            target.writestr(name, data)
    refused(project, write(tmp_path, "locked.odt", buffer.getvalue()), "password")
