"""Creating and changing codes in the codebook."""

from __future__ import annotations

from sqlalchemy import bindparam, func, select

from ..errors import WorkbenchError
from ..store import Writer
from ..store.clock import now
from ..store.schema import codes
from .palette import child_shade, next_colour


_CODE_BY_NAME = select(codes.c.id).where(codes.c.name == bindparam("name"))  # built once: hot path


def code_id(conn, name: str) -> int | None:
    return conn.execute(_CODE_BY_NAME, {"name": name}).scalar()


def require_code(conn, name: str) -> int:
    found = code_id(conn, name)
    if found is None:
        raise WorkbenchError(f"There is no code called '{name}'; add it to the codebook first.")
    return found


def add_code(writer: Writer, name: str, parent: str | None = None, definition: str = "",
             when_to_use: str = "", when_not_to_use: str = "", colour: str | None = None) -> int:
    name = (name or "").strip()
    if not name:
        raise WorkbenchError("A code needs a name.")
    if code_id(writer.conn, name) is not None:
        raise WorkbenchError(f"There is already a code called '{name}'; choose another name.")
    parent_id = require_code(writer.conn, parent) if parent else None
    if colour is None:
        if parent_id is not None:  # a shade of the parent's colour, one per child
            parent_colour = writer.conn.execute(select(codes.c.colour).where(codes.c.id == parent_id)).scalar()
            siblings = writer.conn.execute(select(func.count()).select_from(codes)
                                           .where(codes.c.parent_id == parent_id)).scalar()
            colour = child_shade(parent_colour, siblings)
        else:
            colour = next_colour(list(writer.conn.execute(select(codes.c.colour)).scalars()))
    return writer.insert(codes, {
        "name": name, "parent_id": parent_id, "definition": definition, "when_to_use": when_to_use,
        "when_not_to_use": when_not_to_use, "colour": colour, "archived": False,
        "created_by": writer.member_id, "created_at": now(),
    }, "code.create")


def update_code(writer: Writer, code: int, **changes) -> None:
    allowed = {"definition", "when_to_use", "when_not_to_use", "colour"}
    unknown = set(changes) - allowed
    if unknown:
        raise WorkbenchError(f"A code has no field {', '.join(sorted(unknown))}.")
    if changes:
        writer.update(codes, code, changes, "code.update")
