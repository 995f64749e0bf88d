"""What a REFI-QDA import did: what it added, what the project held already, what conflicted."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..ingest.store_import import ImportReport

NOUNS = (("documents", "document(s)"), ("codes", "code(s)"), ("codings", "coding(s)"), ("members", "member(s)"),
         ("participants", "participant(s)"), ("memos", "memo(s)"), ("sets", "set(s)"))


@dataclass
class RefiImportReport(ImportReport):
    members: int = 0  # added
    memos: int = 0  # added
    sets: int = 0  # added
    positions: str = ""  # how the file's selection positions were read
    already: Counter = field(default_factory=Counter)  # noun -> how many the project held already
    conflicts: list[str] = field(default_factory=list)  # where the file and the project disagree; the project's kept

    @property
    def codes_merged(self) -> int:
        return self.already["codes"]

    def added(self) -> dict[str, int]:
        return {"documents": len(self.documents), "codes": self.codes, "codings": self.codings,
                "members": self.members, "participants": self.participants, "memos": self.memos, "sets": self.sets}

    def conflict(self, message: str) -> None:
        if message not in self.conflicts:
            self.conflicts.append(message)
            self.warnings.append(f"conflict: {message}")

    def __str__(self) -> str:
        added = _listed(self.added())
        already = _listed(self.already)
        text = f"Imported {self.filename}: " + (f"added {added}" if added else "nothing new")
        if already:
            text += f"; already in the project: {already}"
        if self.conflicts:
            text += f"; {len(self.conflicts)} conflict(s), the project's version kept (see the notes)"
        return text + "."


def _listed(counts) -> str:
    return ", ".join(f"{counts[noun]} {label}" for noun, label in NOUNS if counts.get(noun))
