"""What a REFI-QDA file holds once read: plain data, nothing written yet.

Offsets are Python string indices into `RefiSource.text` (NFC), whatever the file used.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class RefiUser:
    guid: str
    name: str


@dataclass
class RefiCode:
    guid: str
    name: str
    parent_guid: str | None = None
    colour: str | None = None  # None: the file gave none
    description: str = ""
    codable: bool = True  # isCodable="false": a folder of codes, not coded with itself


@dataclass
class RefiCoding:
    guid: str
    code_guid: str
    start: int
    end: int
    user_guid: str | None = None
    created_at: str | None = None


@dataclass
class RefiSource:
    guid: str
    name: str
    text: str
    attributes: dict[str, Any] = field(default_factory=dict)
    codings: list[RefiCoding] = field(default_factory=list)
    description: str = ""
    source_type: str = "TextSource"  # or PDFSource, read from its text representation


@dataclass
class RefiCase:
    guid: str
    name: str
    attributes: dict[str, Any] = field(default_factory=dict)
    source_guids: list[str] = field(default_factory=list)


@dataclass
class RefiNote:
    guid: str
    text: str
    user_guid: str | None = None
    created_at: str | None = None
    target_type: str = "project"  # project, document, code or coding
    target_guid: str | None = None


@dataclass
class RefiSet:
    guid: str
    name: str
    description: str = ""
    code_guids: list[str] = field(default_factory=list)
    source_guids: list[str] = field(default_factory=list)


@dataclass
class WorkbenchExtras:
    """What REFI-QDA has no place for, kept in `workbench.json` beside project.qde so that
    a workbench-to-workbench exchange loses nothing; other tools ignore the file."""

    member_roles: dict[str, str] = field(default_factory=dict)  # user guid -> role
    document_kinds: dict[str, str] = field(default_factory=dict)  # source guid -> kind
    private_notes: set[str] = field(default_factory=set)  # note guids
    code_guidance: dict[str, dict[str, str]] = field(default_factory=dict)  # code guid -> when_to_use, when_not_to_use


@dataclass
class RefiProject:
    filename: str
    kind: str  # "project" (.qdpx) or "codebook" (.qdc)
    origin: str = ""
    name: str = ""
    users: list[RefiUser] = field(default_factory=list)
    codes: list[RefiCode] = field(default_factory=list)  # parents before children
    sources: list[RefiSource] = field(default_factory=list)
    cases: list[RefiCase] = field(default_factory=list)
    notes: list[RefiNote] = field(default_factory=list)
    sets: list[RefiSet] = field(default_factory=list)
    selections: int = 0
    positions: str = ""  # how selection positions were read, in words
    extras: "WorkbenchExtras" = field(default_factory=lambda: WorkbenchExtras())
    adjustments: list[str] = field(default_factory=list)  # real-file quirks read leniently
    warnings: list[str] = field(default_factory=list)  # things left out

    def adjusted(self, message: str) -> None:
        if message not in self.adjustments:
            self.adjustments.append(message)

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)
