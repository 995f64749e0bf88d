"""Changing the codebook: rename, move, merge, recolour, archive, choose an example.

Each change goes through the Writer, so it is logged and credited like any other.
"""

from __future__ import annotations

import re

from sqlalchemy import and_, select

from ..errors import WorkbenchError
from ..store import Writer
from ..store.schema import codes, codings
from .codes import code_id

HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


def _code(writer: Writer, code: int):
    row = writer.conn.execute(select(codes).where(codes.c.id == code)).first()
    if row is None:
        raise WorkbenchError("That code is not in the codebook any more; refresh the list.")
    return row


def rename_code(writer: Writer, code: int, name: str) -> None:
    name = (name or "").strip()
    if not name:
        raise WorkbenchError("A code needs a name.")
    existing = code_id(writer.conn, name)
    if existing is not None and existing != code:
        raise WorkbenchError(f"There is already a code called '{name}'; choose another name.")
    if _code(writer, code).name != name:
        writer.update(codes, code, {"name": name}, "code.rename")


def move_code(writer: Writer, code: int, parent: int | None) -> None:
    """Put a code under another (or at the top level with parent None)."""
    _code(writer, code)
    ancestor = parent
    while ancestor is not None:
        if ancestor == code:
            raise WorkbenchError("A code cannot go inside itself or one of its own sub-codes.")
        ancestor = _code(writer, ancestor).parent_id
    writer.update(codes, code, {"parent_id": parent}, "code.move")


def recolour_code(writer: Writer, code: int, colour: str) -> None:
    if not HEX_COLOUR.match(colour or ""):
        raise WorkbenchError(f"'{colour}' is not a colour like #0072B2.")
    _code(writer, code)
    writer.update(codes, code, {"colour": colour}, "code.recolour")


def archive_code(writer: Writer, code: int, archived: bool = True) -> None:
    """Archived codes keep their codings but leave the palette."""
    _code(writer, code)
    writer.update(codes, code, {"archived": archived}, "code.archive" if archived else "code.unarchive")


def set_example(writer: Writer, code: int, coding: int | None) -> None:
    _code(writer, code)
    if coding is not None:
        found = writer.conn.execute(select(codings.c.code_id).where(codings.c.id == coding)).scalar()
        if found != code:
            raise WorkbenchError("Choose the example from this code's own codings.")
    writer.update(codes, code, {"example_coding_id": coding}, "code.example")


def merge_codes(writer: Writer, source: int, target: int) -> int:
    """Move every coding and sub-code of `source` to `target`, then archive `source`.
    A coding the target already has (same member and span) is not duplicated.
    Returns how many codings moved."""
    if source == target:
        raise WorkbenchError("Choose a different code to merge into.")
    _code(writer, source)
    target_row = _code(writer, target)
    ancestor = target_row.parent_id
    while ancestor is not None:
        if ancestor == source:
            raise WorkbenchError("A code cannot be merged into one of its own sub-codes; move that sub-code first.")
        ancestor = _code(writer, ancestor).parent_id
    # Set-based (issue 16): one read finds each coding's twin under the target, then the
    # twins' doubles are removed and the rest recoded in a statement each, every coding
    # still logged with its own event and undo step.
    twin = codings.alias("twin")
    found = writer.conn.execute(
        select(codings.c.id, twin.c.id.label("twin"))
        .outerjoin(twin, and_(twin.c.code_id == target, twin.c.document_id == codings.c.document_id,
                              twin.c.start == codings.c.start, twin.c.end == codings.c.end,
                              twin.c.member_id == codings.c.member_id))
        .where(codings.c.code_id == source).order_by(codings.c.id)).all()
    writer.delete_many(codings, [row.id for row in found if row.twin is not None], "coding.remove")
    moving = [row.id for row in found if row.twin is None]
    writer.update_many(codings, [(coding_id, {"code_id": target}) for coding_id in moving], "coding.recode")
    moved = len(moving)
    children = writer.conn.execute(select(codes.c.id).where(codes.c.parent_id == source)).scalars().all()
    writer.update_many(codes, [(child, {"parent_id": target}) for child in children], "code.move")
    writer.update(codes, source, {"archived": True, "example_coding_id": None}, "code.merge")
    writer.log("code.merged", "codes", source, {"into": target, "codings_moved": moved})
    return moved
