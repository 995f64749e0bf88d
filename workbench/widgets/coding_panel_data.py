"""What the coding panel shows, as plain data ready to send to the browser.

Offsets leave here in UTF-16 units (see offsets.py); the panel never sees Python
offsets and never parses HTML.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..errors import WorkbenchError
from ..project import Project
from .offsets import Utf16Offsets


@dataclass(frozen=True)
class Layer:
    """Whose codings to show: mine, everyone's, or one member's; blind hides others'."""

    show: str = "everyone"  # "mine" | "everyone" | "member"
    member: str = ""
    blind: bool = False
    revealed: bool = False

    def shows(self, member: str, me: str) -> bool:
        if (self.blind and not self.revealed) or self.show == "mine":
            return member == me
        if self.show == "member":
            return member == self.member
        return True


def document_list(project: Project, me: str) -> list[dict]:
    documents = project.documents()
    people = project.document_participants()
    participants = project.participants().set_index("pseudonym")
    attribute_columns = [c for c in participants.columns if c not in ("id", "consent", "guid")]
    mine = project.documents_coded_by(me)
    # each document's speakers' attributes ("role: carer"), grouped once for all documents
    speaking = people.join(participants[attribute_columns], on="participant").drop(columns="participant")
    described = speaking.melt(id_vars="document_id").dropna(subset=["value"])
    labels = (described["variable"] + ": " + described["value"].astype(str)).groupby(described["document_id"])
    attributes = {document_id: sorted(set(group)) for document_id, group in labels}
    return [{"id": int(document.id), "name": document.name, "kind": document.kind,
             "segments": int(document.segments), "coded_by_me": int(document.id) in mine,
             "attributes": attributes.get(document.id, [])} for document in documents.itertuples()]


def code_list(project: Project) -> list[dict]:
    """The codebook in tree order (each child right after its parent, with its depth), so
    the palette can indent children instead of repeating the parent's name in each button."""
    codes = project.codes()
    codes = codes[~codes["archived"].astype(bool)]
    rows = list(codes.itertuples())
    names = {c.name for c in rows}
    children: dict[str, list] = {}
    for c in rows:
        children.setdefault(c.parent if c.parent in names else "", []).append(c)
    ordered: list[tuple] = []
    stack = [(c, 0) for c in reversed(children.get("", []))]
    while stack:
        code, depth = stack.pop()
        ordered.append((code, depth))
        if depth < 20:  # a loop of parents stops here
            stack.extend((child, depth + 1) for child in reversed(children.get(code.name, [])))
    placed = {c.id for c, _ in ordered}
    ordered += [(c, 0) for c in rows if c.id not in placed]  # a parent loop would hide them otherwise
    return [{"id": int(c.id), "name": c.name, "parent": c.parent or "", "colour": c.colour, "depth": depth,
             "definition": c.definition, "key": str(index + 1) if index < 9 else ""}
            for index, (c, depth) in enumerate(ordered)]


def document_payload(project: Project, document_id: int) -> tuple[dict, Utf16Offsets]:
    text = project.document_text(document_id)
    offsets = Utf16Offsets(text)
    segments = project.segments(document_id)
    if segments.empty:  # a document with no segments is shown as one block
        rows = [{"start": 0, "end": offsets.js_length, "kind": "paragraph", "speaker": None,
                 "time": None, "details": []}]
    else:
        rows = [{
            "start": offsets.to_js(int(s.start)), "end": offsets.to_js(int(s.end)), "kind": s.kind,
            "speaker": s.speaker if isinstance(s.speaker, str) else None,
            "time": None if pd.isna(s.time_start) else float(s.time_start),
            "details": [f"{k}: {v}" for k, v in s.attributes.items() if k != "id"],
        } for s in segments.itertuples()]
    return {"id": int(document_id), "text": text, "segments": rows, "image": _image(project, document_id)}, offsets


def _image(project: Project, document_id: int) -> dict | None:
    """The picture an image story is about, shown beside the story (None for other documents)."""
    try:
        story = project.image_story(document_id)
    except WorkbenchError:
        return None
    return {"src": story.data_url(), "alt": story.alt_text, "filename": story.filename}


def codings_payload(project: Project, document_id: int, offsets: Utf16Offsets, layer: Layer, me: str) -> list[dict]:
    rows = project.document_codings(document_id)
    return [{"id": c["id"], "code": c["code"], "start": offsets.to_js(c["start"]), "end": offsets.to_js(c["end"]),
             "member": c["member"], "role": c["role"], "mine": c["member"] == me} for c in rows if layer.shows(c["member"], me)]


def memos_payload(project: Project, document_id: int, me: str) -> list[dict]:
    """The memos on what the panel shows (the document, its parts, codings and codes);
    a private memo only for its author."""
    memos = project.memos_on_document(document_id)
    memos = memos[~memos["private"] | (memos["member"] == me)]
    return [{"id": int(m.id), "on": m.on, "target_type": m.target_type, "target_id": int(m.target_id) if pd.notna(m.target_id) else None,
             "type": m.memo_type, "text": m.text, "member": m.member, "role": m.role, "private": bool(m.private)}
            for m in memos.itertuples()]
