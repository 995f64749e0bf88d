"""What the coding panel does for undo, redo, new codes from words (in-vivo coding and
the palette's search text) and making a coding longer or shorter. Mixed into
CodingPanel; every value from the browser is checked here."""

from __future__ import annotations

from ..errors import WorkbenchError
from .requests import short

CODE_NAME_LIMIT = 60
IN_WORDS = {"coding.apply": "applying a code", "coding.remove": "removing a coding", "coding.resize": "a coding's length",
            "code.add": "adding a code", "memo.add": "a memo", "code.update": "a change to a code"}


def code_name_from(words: str) -> str:
    """A code's name from the words chosen: spaces tidied, cut at a word to at most 60
    characters, a trailing comma or full stop dropped."""
    name = " ".join(str(words).split()).strip(" .,;:!?\"'“”‘’")
    if len(name) > CODE_NAME_LIMIT:
        name = name[:CODE_NAME_LIMIT + 1].rsplit(" ", 1)[0] if " " in name[:CODE_NAME_LIMIT] else name[:CODE_NAME_LIMIT]
        name = name.rstrip(" .,;:")
    if not name:
        raise WorkbenchError("A new code needs a name: select some words, or type one in Find a code.")
    return name


def _what(result: dict) -> str:
    actions = [a.removesuffix(".undo").removesuffix(".redo") for a in result.get("actions", [])]
    kinds = list(dict.fromkeys(IN_WORDS.get(a, a.replace(".", " ")) for a in actions))
    return ", ".join(kinds) or "your last change"


class PanelEdits:
    def undo(self) -> None:
        """Take back your own last change (refused plainly if someone changed it since)."""
        result = self._acting().undo()
        self.status = f"Undone: {_what(result)}. Redo puts it back."

    def redo(self) -> None:
        result = self._acting().redo()
        self.status = f"Redone: {_what(result)}."

    def new_code(self, name: str | None = None, start: int | None = None, end: int | None = None) -> int | None:
        """A new code named `name` (or by the selected words: in-vivo coding), applied to
        the selection [start, end) in UTF-16 units when there is one. An existing code of
        that name is applied rather than made twice. Returns the coding id, if any."""
        span = self._span({"start": start, "end": end}) if start is not None and end is not None else None
        if name is None:
            if span is None:
                raise WorkbenchError("Select some words first: the new code is named by them.")
            name = self._text()[span[0]:span[1]]
        name = code_name_from(name)
        acting = self._acting()
        existing = {c["name"].casefold(): c["name"] for c in self.codes}
        made = name.casefold() not in existing
        if made:
            acting.add_code(name)
        name = existing.get(name.casefold(), name)
        if span is None:
            self.status = f"Added the code “{name}”." if made else f"There is already a code “{name}”."
            return None
        coding_id = acting.apply_code(self.document_id, name, *span)
        self.status = (f"{'Added the code' if made else 'Used the code'} “{name}” and applied it to "
                       f"“{short(self._text()[span[0]:span[1]])}”.")
        return coding_id

    def resize(self, coding_id: int, start: int, end: int) -> None:
        """Make a coding cover [start, end) in UTF-16 units (spaces at either end dropped)."""
        start, end = self._span({"start": start, "end": end})
        coding = next((c for c in self.project.document_codings(self.document_id) if c["id"] == int(coding_id)), None)
        if coding is None:
            raise WorkbenchError("That coding is not in this document any more; the text has been refreshed.")
        self._acting().resize_coding(int(coding_id), start, end)
        self.status = f"“{coding['code']}” now covers “{short(self._text()[start:end])}”."
