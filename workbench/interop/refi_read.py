"""Reading .qdpx projects and .qdc codebooks as real tools write them.

Lenient where tools differ from the standard (each adjustment is reported), strict
where a file could reach outside itself. Pure: bytes in, `RefiProject` out.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import PurePath
from typing import Callable
from xml.etree.ElementTree import Element

import numpy as np

from ..errors import ImportProblem
from .refi_extras import EXTRAS_NAME, read_extras
from .refi_guids import Guids, key
from .refi_model import RefiCase, RefiCode, RefiCoding, RefiNote, RefiProject, RefiSource, RefiUser
from .refi_positions import UNITS, Choice, CountedText, choose_reading
from .refi_sets import read_sets
from .refi_xml import CODEBOOK_NS, PROJECT_NS, child_text, parse_refi_xml
from .safe_archive import SafeArchive, unsafe_name

SKIPPED_SOURCES = ("PictureSource", "AudioSource", "VideoSource", "PDFSource")
VALUE_TAGS = ("TextValue", "BooleanValue", "IntegerValue", "FloatValue", "DateValue", "DateTimeValue")


def read_refi(data: bytes, filename: str) -> RefiProject:
    suffix = PurePath(filename).suffix.lower()
    if suffix == ".qdc":
        root, namespace = parse_refi_xml(data, filename, "codebook")
        project = RefiProject(filename, "codebook", origin=root.get("origin", ""))
        _check_root(project, root, namespace, "CodeBook", CODEBOOK_NS)
        _read_codebook(project, root, [], Guids(project))
        return project
    archive = SafeArchive(data, filename, ".qdpx")
    entry = _project_entry(archive, filename)
    root, namespace = parse_refi_xml(archive.read(entry), filename, entry)
    project = RefiProject(filename, "project", origin=root.get("origin", ""), name=root.get("name", ""))
    if entry.lower() != "project.qde":
        project.adjusted(f"the project file is called '{entry}', not 'project.qde'; it was read all the same")
    _check_root(project, root, namespace, "Project", PROJECT_NS)
    _ProjectReader(project, root, archive, entry.rpartition("/")[0]).read()
    extras = archive.find(EXTRAS_NAME)
    if extras is not None:
        project.extras, readable = read_extras(archive.read(extras))
        if not readable:
            project.adjusted(f"{EXTRAS_NAME} could not be read and was ignored")
    return project


def _project_entry(archive: SafeArchive, filename: str) -> str:
    """project.qde, or else the one .qde file in the archive, wherever it is."""
    entry = archive.find("project.qde")
    if entry is not None:
        return entry
    found = archive.ending_with(".qde")
    if len(found) == 1:
        return found[0]
    if not found:
        raise ImportProblem(filename, "is not a REFI-QDA project (it has no project.qde, nor any other .qde file, inside).",
                            "Export the project again as REFI-QDA (.qdpx) from your QDA program.")
    raise ImportProblem(filename, f"holds {len(found)} project files ({', '.join(sorted(found)[:5])}), "
                        "where a REFI-QDA project has one.", "Export the project again from your QDA program.")


def _check_root(project: RefiProject, root: Element, namespace: str, tag: str, expected: str) -> None:
    if root.tag != tag:
        raise ImportProblem(project.filename, f"is not a REFI-QDA {project.kind} (its XML starts with <{root.tag}>).",
                            f"Export it again as REFI-QDA ({'.qdc' if project.kind == 'codebook' else '.qdpx'}).")
    if namespace != expected:
        if namespace.replace(":", ".").lower() == expected.replace(":", ".").lower():
            project.adjusted(f"the namespace was written '{namespace}' (as NVivo does); read as '{expected}'")
        else:
            project.adjusted(f"the namespace '{namespace or 'none'}' is not '{expected}'; read it as REFI-QDA 1.0")


def _read_codebook(project: RefiProject, root: Element, note_refs: NoteRefs, guids: Guids) -> None:
    codes = root.find("Codes")
    if codes is None:
        codes = root.find("CodeBook/Codes")
    if codes is not None:
        for code in codes.findall("Code"):
            _read_code(project, code, None, note_refs, guids)
    read_sets(project, root.find("Sets"), guids)


def _read_code(project: RefiProject, element: Element, parent_guid: str | None, note_refs: NoteRefs,
               guids: Guids) -> None:
    name = (element.get("name") or "").strip()
    guid = guids.own(element, "Code", name)
    if not name:
        raise ImportProblem(project.filename, f"has a code without a name (guid {guid}).",
                            "Give the code a name in the program that made the file and export it again.")
    codable = (element.get("isCodable") or "true").strip().lower() not in ("false", "0")
    project.codes.append(RefiCode(guid, name, parent_guid, _colour(element.get("color")),
                                  child_text(element, "Description"), codable))
    for note in element.findall("NoteRef"):
        _note_target(note_refs, note, "code", guid)
    for child in element.findall("Code"):
        _read_code(project, child, guid, note_refs, guids)


def _colour(value: str | None) -> str | None:
    if not value or not value.startswith("#"):
        return None
    digits = value[1:]
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    if len(digits) != 6 or any(c not in "0123456789abcdefABCDEF" for c in digits):
        return None
    return "#" + digits.upper()


def _ref(element: Element) -> str:
    return key(element.get("targetGUID"))


def _user(element: Element, attribute: str = "creatingUser") -> str | None:
    value = element.get(attribute)
    return key(value) if value else None


NoteRefs = list[tuple[str, str, str | None]]  # (note guid, target type, target guid)


def _note_target(note_refs: NoteRefs, note_ref: Element, target_type: str, target_guid: str | None) -> None:
    note_refs.append((_ref(note_ref), target_type, target_guid))


@dataclass
class _Pending:
    """A source's selections as the file numbers them, before the file's counting is known."""
    source: RefiSource
    raw: str
    position: Callable[[int], int]
    selections: list[Element]


def _positions_note(origin: str, choice: Choice) -> str:
    made_by = f"'{origin}'" if origin else "a program that does not name itself"
    note = (f"selection positions were read as {choice.reading.describe()}: {choice.share:.0%} of coded passages "
            f"start and end between words that way (the file is from {made_by}")
    if choice.reading != choice.expected:
        note += f", which usually counts {UNITS[choice.expected.unit].split(' (')[0]}; its passages only fit this reading"
    return note + ")"


class _ProjectReader:
    def __init__(self, project: RefiProject, root: Element, archive: SafeArchive, folder: str = ""):
        self.project = project
        self.folder = f"{folder}/" if folder else ""  # where the .qde is; its Sources/ sit beside it
        self.root = root
        self.archive = archive
        self.variables: dict[str, str] = {}
        self.note_refs: NoteRefs = []
        self.pending: list[_Pending] = []
        self.guids = Guids(project)

    def read(self) -> None:
        project, root = self.project, self.root
        for user in root.findall("Users/User"):
            guid = self.guids.own(user, "User", (user.get("name") or "").strip())
            names = [(user.get(key) or "").strip() for key in ("name", "id")]
            project.users.append(RefiUser(guid, next((n for n in names if n), f"user {guid[:8]}")))
        codebook = root.find("CodeBook")
        if codebook is not None:
            _read_codebook(project, codebook, self.note_refs, self.guids)
        for variable in root.findall("Variables/Variable"):
            self.variables[self.guids.own(variable, "Variable", variable.get("name") or "")] = variable.get("name") or "variable"
        for source in root.findall("Sources/*"):
            self._read_source(source)
        self._place_selections()
        for case in root.findall("Cases/Case"):
            project.cases.append(RefiCase(
                self.guids.own(case, "Case", case.get("name") or ""), (case.get("name") or "").strip() or f"case {case.get('guid', '')[:8]}",
                self._values(case), [_ref(ref) for ref in case.findall("SourceRef")]))
        for note in root.findall("NoteRef"):
            _note_target(self.note_refs, note, "project", None)
        read_sets(project, root.find("Sets"), self.guids)
        if root.find("Links/Link") is not None or root.find("Graphs/Graph") is not None:
            project.warn("links and graphs were left out")
        self._read_notes()

    # -- sources -------------------------------------------------------------------
    def _read_source(self, element: Element) -> None:
        project = self.project
        if element.tag in SKIPPED_SOURCES and not (element.tag == "PDFSource" and element.find("Representation") is not None):
            project.warn(f"{element.tag} '{element.get('name', '')}' was left out (the workbench keeps text only)")
            return
        guid = self.guids.own(element, element.tag, element.get("name") or "")
        text_element = element.find("Representation") if element.tag == "PDFSource" else element
        raw = self._text(text_element, element.get("name") or guid)
        if raw is None:
            return
        text, position = _normalised(raw)
        if not text.strip():
            project.adjusted(f"source '{element.get('name') or guid}' holds no text; it was imported empty")
        name = (element.get("name") or "").strip() or PurePath(element.get("plainTextPath") or guid).name
        source = RefiSource(guid, name, text, self._values(element), description=child_text(element, "Description"),
                            source_type=element.tag)
        selections = text_element.findall("PlainTextSelection")
        project.selections += len(selections)
        if selections:  # placed once the file's way of counting is known (_place_selections)
            self.pending.append(_Pending(source, raw, position, selections))
        for coding in element.findall("Coding"):  # coded as a whole
            if text:
                self._coding(source, coding, 0, len(text), element)
        for note in element.findall("NoteRef"):
            _note_target(self.note_refs, note, "document", guid)
        project.sources.append(source)

    def _place_selections(self) -> None:
        project = self.project
        if not self.pending:
            return
        spans = []
        for pending in self.pending:
            pairs = [(_int(s.get("startPosition")), _int(s.get("endPosition"))) for s in pending.selections]
            spans.append((pending.raw, np.array([-1 if a is None else a for a, _ in pairs], dtype=np.int64),
                          np.array([-1 if b is None else b for _, b in pairs], dtype=np.int64)))
        choice = choose_reading(project.origin, spans)
        if not choice.fits:
            raise ImportProblem(
                project.filename,
                f"has coded passages whose positions fit no known way of counting (characters, UTF-16 units as NVivo "
                f"counts, UTF-8 bytes as Taguette counts, with or without CR line ends): at best only "
                f"{choice.share:.0%} of them start and end between words.",
                "Export it again from the program that made it; if this happens again, the file is damaged.")
        project.positions = _positions_note(project.origin, choice)
        for pending, (raw, starts, ends) in zip(self.pending, spans):
            counted = CountedText(raw, choice.reading)
            start_index, start_ok = counted.to_characters(starts)
            end_index, end_ok = counted.to_characters(ends)
            ok = start_ok & end_ok & (start_index < end_index)
            source, position = pending.source, pending.position
            for selection, start, end, fine in zip(pending.selections, start_index.tolist(), end_index.tolist(), ok.tolist()):
                start, end = position(start), position(end)
                if not fine or start >= end:  # outside the text, or vanished under NFC
                    project.warn(f"source '{source.name}': selections outside the text or empty were left out")
                    continue
                for coding in selection.findall("Coding"):
                    self._coding(source, coding, start, end, selection)
                for note in selection.findall("NoteRef"):
                    _note_target(self.note_refs, note, "document", source.guid)

    def _coding(self, source: RefiSource, coding: Element, start: int, end: int, holder: Element) -> None:
        code_ref = coding.find("CodeRef")
        if code_ref is None:
            return
        guid = self.guids.own(coding, "Coding")
        source.codings.append(RefiCoding(guid, _ref(code_ref), start, end, _user(coding) or _user(holder),
                                         coding.get("creationDateTime") or holder.get("creationDateTime")))
        for note in coding.findall("NoteRef"):
            _note_target(self.note_refs, note, "coding", guid)

    def _text(self, element: Element, label: str) -> str | None:
        content = element.find("PlainTextContent")
        if content is not None and content.text:
            return content.text
        path = element.get("plainTextPath")
        if not path:
            if element.get("richTextPath"):
                self.project.warn(f"source '{label}' has rich text only and was left out; export plain text too")
                return None
            return (content.text or "") if content is not None else ""
        data = self.archive.read(self._resolve(path))
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ImportProblem(self.project.filename, f"has a source ({path}) that is not UTF-8 text, as REFI-QDA requires.",
                                "Export the project again from the program that made it.") from None

    def _resolve(self, path: str) -> str:
        project = self.project
        lowered = path.lower()
        if lowered.startswith("internal://"):
            relative = path[len("internal://"):]
        elif "://" in path:
            raise ImportProblem(project.filename, f"refers to a source outside the archive ({path}).",
                                "Export the project again with its sources stored inside the .qdpx.")
        else:
            relative = path
            project.adjusted("source paths were bare file names (as qc writes them), not internal://")
        why = unsafe_name(relative)
        if why:
            raise ImportProblem(project.filename, f"looks unsafe: a source {why}.",
                                "Do not import it; ask the sender to export it again.")
        found = self.archive.find(f"{self.folder}Sources/{relative}", f"{self.folder}{relative}", f"Sources/{relative}", relative)
        if found is None:
            found = self.archive.find(f"sources/{relative}")
        if found is None:
            raise ImportProblem(project.filename, f"names a source file {path} that is not in the archive.",
                                "Export the project again with its sources.")
        if found.startswith("sources/"):
            project.adjusted("sources were in a lower-case 'sources/' folder (the standard says 'Sources/')")
        return found

    # -- values, notes ---------------------------------------------------------------
    def _values(self, element: Element) -> dict:
        values = {}
        for value in element.findall("VariableValue"):
            name = self.variables.get(_ref(value.find("VariableRef")) if value.find("VariableRef") is not None else "")
            if name is None:
                continue
            for tag in VALUE_TAGS:
                found = value.find(tag)
                if found is not None and found.text is not None:
                    values[name] = _typed(tag, found.text.strip())
                    break
        return values

    def _read_notes(self) -> None:
        first_target: dict[str, tuple[str, str | None]] = {}
        for note_guid, target_type, target_guid in self.note_refs:
            first_target.setdefault(note_guid, (target_type, target_guid))
        for note in self.root.findall("Notes/Note"):
            guid = self.guids.own(note, "Note")
            text = self._text(note, note.get("name") or guid)
            if not text or not text.strip():
                continue
            target_type, target_guid = first_target.get(guid, ("project", None))
            self.project.notes.append(RefiNote(guid, unicodedata.normalize("NFC", text), _user(note),
                                               note.get("creationDateTime"), target_type, target_guid))


def _typed(tag: str, text: str):
    if tag == "BooleanValue":
        return text.lower() in ("true", "1")
    try:
        if tag == "IntegerValue":
            return int(text)
        if tag == "FloatValue":
            return float(text)
    except ValueError:
        pass  # kept as the text the file holds
    return text


def _int(value: str | None) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _normalised(raw: str):
    """NFC text without NUL characters, and a function from raw offsets to offsets in it."""
    cleaned = raw.replace("\x00", "")
    text = unicodedata.normalize("NFC", cleaned)
    if text == raw:
        return text, lambda offset: offset
    return text, lambda offset: len(unicodedata.normalize("NFC", raw[:offset].replace("\x00", "")))
