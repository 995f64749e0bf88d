"""Marking a code group as mutually exclusive: its children are the values of one
categorical variable (sentiment: positive / neutral / negative; a 1-5 scale).

Each child gets a number: the one given, else its name if every child's name is a
number, else its rank in the given order (else the codebook's order). Ordinal
statistics use only the order; interval and ratio statistics use the numbers.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import select

from ..coding.codes import require_code
from ..errors import WorkbenchError
from ..store import Writer
from ..store.clock import now
from ..store.schema import EXCLUSIVE_LEVELS, codes, exclusive_groups


@dataclass(frozen=True)
class ExclusiveGroup:
    name: str
    level: str
    values: dict[str, float]  # child code name -> number, in order

    @property
    def ordered(self) -> bool:
        return self.level != "nominal"

    def label(self, value: float) -> str:
        for name, number in self.values.items():
            if number == value:
                return name
        return str(value)


def _children(conn, parent_id: int) -> list[tuple[int, str]]:
    return list(conn.execute(select(codes.c.id, codes.c.name).where(codes.c.parent_id == parent_id)
                             .order_by(codes.c.id)).all())


def _as_number(name: str) -> float | None:
    try:
        return float(name)
    except ValueError:
        return None


def child_values(children: list[tuple[int, str]], values, group: str) -> list[tuple[int, float]]:
    names = {name: code_id for code_id, name in children}
    if isinstance(values, dict):
        unknown = set(values) - set(names)
        if unknown:
            raise WorkbenchError(f"'{sorted(unknown)[0]}' is not a sub-code of '{group}'; give a value for each of: "
                                 + ", ".join(names) + ".")
        missing = set(names) - set(values)
        if missing:
            raise WorkbenchError(f"Give a value for every sub-code of '{group}'; "
                                 f"missing: {', '.join(sorted(missing))}.")
        return [(names[name], float(number)) for name, number in sorted(values.items(), key=lambda item: item[1])]
    order = list(values) if values is not None else [name for _, name in children]
    if sorted(order) != sorted(names):
        raise WorkbenchError(f"List every sub-code of '{group}' once, in order: " + ", ".join(names) + ".")
    numbers = [_as_number(name) for name in order]
    if all(number is not None for number in numbers) and values is None:
        return sorted(((names[name], number) for name, number in zip(order, numbers)), key=lambda item: item[1])
    return [(names[name], float(rank)) for rank, name in enumerate(order, start=1)]


def mark_exclusive(writer: Writer, group: str, level: str = "nominal", values=None) -> int:
    """Mark `group`'s sub-codes as mutually exclusive values measured at `level`."""
    if level not in EXCLUSIVE_LEVELS:
        raise WorkbenchError(f"'{level}' is not a level of measurement; use one of: {', '.join(EXCLUSIVE_LEVELS)}.")
    parent_id = require_code(writer.conn, group)
    children = _children(writer.conn, parent_id)
    if len(children) < 2:
        raise WorkbenchError(f"The code '{group}' needs at least two sub-codes to be a set of exclusive values; "
                             "add them with add_code(name, parent=...).")
    row = {"code_id": parent_id, "level": level, "child_values": json.dumps(child_values(children, values, group))}
    existing = writer.conn.execute(
        select(exclusive_groups.c.id).where(exclusive_groups.c.code_id == parent_id)).scalar()
    if existing is not None:
        writer.update(exclusive_groups, existing, row, "code_group.exclusive_update")
        return existing
    return writer.insert(exclusive_groups, {**row, "marked_by": writer.member_id, "marked_at": now()},
                         "code_group.mark_exclusive")


def read_groups(conn) -> dict[str, ExclusiveGroup]:
    """Every exclusive group in the project, by the parent code's name."""
    names = dict(conn.execute(select(codes.c.id, codes.c.name)).all())
    groups = {}
    for code_id, level, stored in conn.execute(select(exclusive_groups.c.code_id, exclusive_groups.c.level,
                                                      exclusive_groups.c.child_values)):
        values = {names[child]: number for child, number in json.loads(stored) if child in names}
        groups[names[code_id]] = ExclusiveGroup(names[code_id], level, values)
    return groups
