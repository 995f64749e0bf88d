"""The involvement report as a Word document (python-docx)."""

from __future__ import annotations

import io

import pandas as pd
from docx import Document


def involvement_docx(title: str, sections: pd.DataFrame, people: pd.DataFrame) -> bytes:
    document = Document()
    document.core_properties.title = f"Involvement report: {title}"
    document.add_heading("Patient and public involvement report", level=0)
    document.add_paragraph(f"{title}. Reported with the GRIPP2 short form (Staniszewska et al., BMJ 2017;358:j3453).")
    for row in sections.itertuples():
        document.add_heading(row.title, level=1)
        prompt = document.add_paragraph(row.prompt)
        prompt.runs[0].italic = True
        for paragraph in str(row.text).split("\n\n"):
            document.add_paragraph(paragraph.strip())
    document.add_heading("Who took part", level=1)
    table = document.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, heading in zip(table.rows[0].cells, ("Role", "People", "What they contributed")):
        cell.text = heading
    for row in people.itertuples():
        cells = table.add_row().cells
        cells[0].text, cells[1].text, cells[2].text = str(row.role), str(row.people), str(row.contributed)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
