"""REFI-QDA files made in tests, and an independent reader for what the workbench exports.

Nothing here uses the workbench's own reader or writer: files are built with zipfile and
f-strings, exports are read with zipfile and lxml, positions are counted with Python's
own codecs.
"""

from __future__ import annotations

import io
import uuid
import zipfile
from dataclasses import dataclass, field
from xml.sax.saxutils import quoteattr

from lxml import etree

NS = "urn:QDA-XML:project:1.0"
Q = f"{{{NS}}}"
USER = "0a0a0a0a-0000-4000-8000-000000000001"


def chars(text: str, index: int) -> int:
    return index


def utf16(text: str, index: int) -> int:
    return len(text[:index].encode("utf-16-le")) // 2


def utf8(text: str, index: int) -> int:
    return len(text[:index].encode("utf-8"))


def utf16_lf_as_crlf(text: str, index: int) -> int:
    """NVivo for Windows counting a text kept with bare LF line ends as if each were CRLF."""
    return len(text[:index].replace("\n", "\r\n").encode("utf-16-le")) // 2


def chars_crlf_as_one(text: str, index: int) -> int:
    return len(text[:index].replace("\r\n", "\n"))


def new_guid() -> str:
    return str(uuid.uuid4())


@dataclass
class Source:
    name: str
    text: str
    words: list[str]  # each coded once, at its first occurrence, with the code "words"
    guid: str = field(default_factory=new_guid)


def spans(text: str, words: list[str]) -> list[tuple[int, int]]:
    found = []
    for word in words:
        start = text.index(word)
        found.append((start, start + len(word)))
    return found


def project_file(origin: str, sources: list[Source], count=chars, code_guid: str | None = None,
                 positions: dict[str, list[tuple[int, int]]] | None = None) -> bytes:
    """A .qdpx whose selections count positions with `count`, or use `positions` as given."""
    code_guid = code_guid or new_guid()
    parts, files = [], {}
    for source in sources:
        selections = []
        chosen = (positions or {}).get(source.name) or [(count(source.text, s), count(source.text, e))
                                                        for s, e in spans(source.text, source.words)]
        for start, end in chosen:
            selections.append(
                f'<PlainTextSelection guid="{new_guid()}" startPosition="{start}" endPosition="{end}">'
                f'<Coding guid="{new_guid()}" creatingUser="{USER}"><CodeRef targetGUID="{code_guid}"/></Coding>'
                '</PlainTextSelection>')
        parts.append(f'<TextSource guid="{source.guid}" name={quoteattr(source.name)} '
                     f'plainTextPath="internal://{source.guid}.txt">{"".join(selections)}</TextSource>')
        files[f"Sources/{source.guid}.txt"] = source.text.encode("utf-8")
    qde = (f'<?xml version="1.0" encoding="utf-8"?><Project xmlns="{NS}" name="test" origin={quoteattr(origin)}>'
           f'<Users><User guid="{USER}" name="Noor"/></Users>'
           f'<CodeBook><Codes><Code guid="{code_guid}" name="words" isCodable="true"/></Codes></CodeBook>'
           f'<Sources>{"".join(parts)}</Sources></Project>')
    return archive({"project.qde": qde.encode("utf-8"), **files})


def archive(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as handle:
        for name, data in files.items():
            handle.writestr(name, data)
    return buffer.getvalue()


@dataclass
class Exported:
    root: etree._Element
    texts: dict[str, str]  # source name -> text as written
    selections: dict[str, list[tuple[int, int]]]  # source name -> positions as written
    guids: dict[str, str]  # source name -> guid


def read_export(path) -> Exported:
    with zipfile.ZipFile(path) as handle:
        root = etree.fromstring(handle.read("project.qde"))
        texts, selections, guids = {}, {}, {}
        for source in root.iter(f"{Q}TextSource"):
            name = source.get("name")
            entry = "Sources/" + source.get("plainTextPath").removeprefix("internal://")
            texts[name] = handle.read(entry).decode("utf-8")
            guids[name] = source.get("guid")
            selections[name] = [(int(s.get("startPosition")), int(s.get("endPosition")))
                                for s in source.findall(f"{Q}PlainTextSelection")]
    return Exported(root, texts, selections, guids)


def by_chars(text: str, start: int, end: int) -> str:
    return text[start:end]


def by_utf16(text: str, start: int, end: int) -> str:
    return text.encode("utf-16-le")[2 * start:2 * end].decode("utf-16-le")


@dataclass
class Selection:
    start: int
    end: int
    code: str  # code guid
    user: str  # user guid
    guid: str = field(default_factory=new_guid)  # the coding's guid


def build_qdpx(origin: str, users: list[tuple[str, str]], codes: list[tuple[str, str]],
               sources: list[tuple[str, str, str, list[Selection]]], notes: list[tuple[str, str, str]] = (),
               line_ends: str = "\n") -> bytes:
    """users (guid, name), codes (guid, name), sources (guid, name, text, selections in
    positions as given), notes (guid, text, user guid); texts written with `line_ends`."""
    user_xml = "".join(f'<User guid="{g}" name={quoteattr(n)}/>' for g, n in users)
    code_xml = "".join(f'<Code guid="{g}" name={quoteattr(n)} isCodable="true"/>' for g, n in codes)
    parts, files = [], {}
    for guid, name, text, selections in sources:
        marks = "".join(
            f'<PlainTextSelection guid="{new_guid()}" startPosition="{s.start}" endPosition="{s.end}">'
            f'<Coding guid="{s.guid}" creatingUser="{s.user}"><CodeRef targetGUID="{s.code}"/></Coding>'
            '</PlainTextSelection>' for s in selections)
        parts.append(f'<TextSource guid="{guid}" name={quoteattr(name)} plainTextPath="internal://{guid}.txt">{marks}</TextSource>')
        files[f"Sources/{guid}.txt"] = text.replace("\n", line_ends).encode("utf-8")
    note_xml = "".join(f'<Note guid="{g}" creatingUser="{u}"><PlainTextContent>{t}</PlainTextContent></Note>'
                       for g, t, u in notes)
    qde = (f'<?xml version="1.0" encoding="utf-8"?><Project xmlns="{NS}" name="merge" origin={quoteattr(origin)}>'
           f'<Users>{user_xml}</Users><CodeBook><Codes>{code_xml}</Codes></CodeBook>'
           f'<Sources>{"".join(parts)}</Sources>' + (f"<Notes>{note_xml}</Notes>" if notes else "") + "</Project>")
    return archive({"project.qde": qde.encode("utf-8"), **files})
