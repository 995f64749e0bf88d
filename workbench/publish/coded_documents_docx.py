"""Coded documents as Word: per document a two-column table, one row per turn: the
speaker, time and words (coded passages highlighted, underlined and numbered) on the
left; in the right-hand margin, each coding's number, code label, exact words and who
coded it."""

from __future__ import annotations

import io

from .coded_documents import CodedDocument, layer_words, xml_safe
from .docx_fast import append_run, row_cells


def to_docx(parts: list[CodedDocument], title: str, member: str | None) -> bytes:
    from docx import Document

    document = Document()
    document.add_heading(xml_safe(f"Coded documents: {title}"), level=0)
    document.add_paragraph(f"{len(parts)} document(s), {layer_words(member)}. Each coded passage is highlighted, "
                           "underlined and numbered; the margin names the code, the words coded and who coded them.")
    for number, part in enumerate(parts):
        if number:
            document.add_page_break()
        document.add_heading(xml_safe(part.name), level=1)
        document.add_paragraph(f"{part.kind}; {part.codings} coding(s).")
        table = document.add_table(rows=0, cols=2)
        table.style = "Table Grid"
        for turn in part.turns:
            words, margin = row_cells(table)
            paragraph = words.paragraphs[0]
            if turn.speaker or turn.time:
                append_run(paragraph, xml_safe(turn.speaker or ""), bold=True)
                if turn.time:
                    append_run(paragraph, f" {turn.time}")
                paragraph = words.add_paragraph()
            for index, (text, covering) in enumerate(turn.pieces):
                append_run(paragraph, xml_safe(text), highlight=bool(covering), underline=bool(covering))
                for ended in turn.ends.get(index, []):
                    append_run(paragraph, f"[{ended}]", bold=True, superscript=True)
            for position, note in enumerate(turn.notes):
                line = margin.paragraphs[0] if position == 0 else margin.add_paragraph()
                append_run(line, f"[{note.number}] ", bold=True, points=9)
                append_run(line, xml_safe(note.code), bold=True, points=9)
                append_run(line, f": “{xml_safe(note.words)}” ", points=9)
                append_run(line, xml_safe(f"{note.member}, {note.role}"), italic=True, points=9)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
