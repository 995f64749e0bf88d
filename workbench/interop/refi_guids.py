"""The ids a REFI-QDA file gives its elements, made safe to key on.

Real files write GUIDs with or without braces, in either case, or ids that are not GUIDs
at all (`c001`). Real files also repeat a GUID for two different sources or codes: the
second one is given a new id of its own, with a note, and is never merged with the first
(two sources sharing an id would share one text file on export).
"""

from __future__ import annotations

import uuid
from xml.etree.ElementTree import Element

from ..errors import ImportProblem
from .refi_model import RefiProject

_REKEYED = uuid.UUID("4d1c9b0e-6c5e-4c0e-9f3b-7a2f0c6e1d55")
MAX_ID = 36  # the store's guid columns


def key(value: str | None) -> str:
    """An id as the workbench keys it; the same id always gives the same key."""
    cleaned = (value or "").strip().strip("{}").lower()
    if len(cleaned) > MAX_ID:
        return str(uuid.uuid5(_REKEYED, cleaned))
    return cleaned


KINDS = {"TextSource": "source", "PDFSource": "source", "PictureSource": "source", "AudioSource": "source",
         "VideoSource": "source", "Code": "code", "Coding": "coding", "User": "user", "Case": "case",
         "Note": "note", "Variable": "variable"}


class Guids:
    def __init__(self, project: RefiProject):
        self.project = project
        self.seen: dict[str, dict[str, str]] = {}  # kind -> id -> label of the element that has it

    def own(self, element: Element, what: str, label: str = "") -> str:
        """The id of an element that defines one; a repeated id is replaced with a new one."""
        guid = key(element.get("guid"))
        if not guid:
            raise ImportProblem(self.project.filename, f"has a {what} without a guid.",
                                "Export it again from the program that made it.")
        kind = KINDS.get(what, what.lower())
        seen = self.seen.setdefault(kind, {})
        if guid not in seen:
            seen[guid] = label
            return guid
        number = 2
        while (fresh := str(uuid.uuid5(_REKEYED, f"{kind}:{guid}:{number}"))) in seen:
            number += 1
        seen[fresh] = label
        if label:
            self.project.adjusted(f"two {kind}s share the id {guid} ('{seen[guid]}' and '{label}'); the second one "
                                  "was given a new id, nothing was merged")
        else:
            self.project.adjusted(f"some {kind}s share an id; each repeat was given a new id, nothing was merged")
        return fresh
