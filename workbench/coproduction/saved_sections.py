"""Edited report sections, kept in the project so the next export starts from them."""

from __future__ import annotations

from sqlalchemy import select

from ..errors import WorkbenchError
from ..store import Store, Writer
from ..store.clock import now
from ..store.schema import report_sections


def save(writer: Writer, report: str, section: str, text: str, known: tuple[str, ...]) -> None:
    if section not in known:
        raise WorkbenchError(f"The report has no section '{section}'; use one of: {', '.join(known)}.")
    text = (text or "").strip()
    if not text:
        raise WorkbenchError(f"Write something for '{section}', or reset it to the draft with reset_involvement_section.")
    found = writer.conn.execute(select(report_sections.c.id).where(
        report_sections.c.report == report, report_sections.c.section == section)).scalar()
    values = {"text": text, "edited_by": writer.member_id, "edited_at": now()}
    if found is None:
        writer.insert(report_sections, {"report": report, "section": section, **values}, "report.edit")
    else:
        writer.update(report_sections, found, values, "report.edit")


def reset(writer: Writer, report: str, section: str) -> None:
    found = writer.conn.execute(select(report_sections.c.id).where(
        report_sections.c.report == report, report_sections.c.section == section)).scalar()
    if found is not None:
        writer.delete(report_sections, found, "report.reset")


def load(store: Store, report: str) -> dict[str, str]:
    with store.read() as conn:
        return dict(conn.execute(select(report_sections.c.section, report_sections.c.text)
                                 .where(report_sections.c.report == report)).all())
