"""What a vote can be placed on (a theme, an idea, a code or a sticky note), by name
or id, and the short label each is shown with."""

from __future__ import annotations

from sqlalchemy import func, select

from ..errors import WorkbenchError
from ..store.schema import VOTE_TARGETS, codes, documents, ideas, segments, themes

LABEL_LENGTH = 80


def resolve(conn, target_type: str, target: str | int) -> int:
    """The id of a theme or code (by name) or an idea or segment (by id)."""
    if target_type not in VOTE_TARGETS:
        raise WorkbenchError(f"Votes go on one of: {', '.join(VOTE_TARGETS)}; not '{target_type}'.")
    table = {"theme": themes, "code": codes, "idea": ideas, "segment": segments}[target_type]
    if target_type in ("theme", "code") and not isinstance(target, int):
        column = table.c.name
    else:
        column = table.c.id
    found = conn.execute(select(table.c.id).where(column == target)).scalar()
    if found is None:
        raise WorkbenchError(f"There is no {target_type} '{target}' in this project to vote on.")
    return found


def labels(conn, target_type: str, ids: list[int]) -> dict[int, str]:
    if not ids:
        return {}
    if target_type in ("theme", "code"):
        table = themes if target_type == "theme" else codes
        rows = conn.execute(select(table.c.id, table.c.name).where(table.c.id.in_(ids))).all()
    elif target_type == "idea":
        rows = conn.execute(select(ideas.c.id, ideas.c.text).where(ideas.c.id.in_(ids))).all()
    else:
        rows = conn.execute(
            select(segments.c.id, func.substr(documents.c.text, segments.c.start + 1, segments.c.end - segments.c.start))
            .join(documents, documents.c.id == segments.c.document_id).where(segments.c.id.in_(ids))).all()
    return {row[0]: shorten(row[1]) for row in rows}


def shorten(text: str, length: int = LABEL_LENGTH) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"
