"""Appending many paragraphs to a Word document in linear time.

python-docx's `add_paragraph` searches the body for where to insert (XPath over every
child) and its `style=` setter looks the style up by name through every style, both for
each paragraph: 1,568 paragraphs took 28 s here. A coded-extracts report has one or two
paragraphs per passage, so it appends them itself, before the section properties, with
the style given by its id.
"""

from __future__ import annotations


def paragraph_appender(document):
    """`add(text, style_id)` appends a paragraph at the end of the body: the section
    properties are found once (lxml's find walks every child)."""
    from docx.oxml import OxmlElement
    from docx.text.paragraph import Paragraph

    body = document.element.body
    section = body.sectPr

    def add(text: str = "", style_id: str | None = None):
        element = OxmlElement("w:p")
        if style_id:
            element.get_or_add_pPr().style = style_id
        if section is not None:
            section.addprevious(element)
        else:
            body.append(element)
        paragraph = Paragraph(element, document._body)
        if text:
            append_run(paragraph, text)
        return paragraph

    return add


def row_cells(table):
    """A new row's cells without python-docx's `row.cells`, which lays out the whole table."""
    from docx.table import _Cell

    row = table.add_row()
    return [_Cell(tc, table) for tc in row._tr.tc_lst]


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def append_run(paragraph, text: str, *, bold: bool = False, italic: bool = False, underline: bool = False,
               highlight: bool = False, superscript: bool = False, points: float | None = None) -> None:
    """A run built with lxml directly (python-docx makes each element by parsing, and its
    run properties each search the run's children): the properties in the order the
    schema requires (b, i, sz, highlight, u, vertAlign). Read back, it is a normal run."""
    from lxml import etree

    run = etree.SubElement(paragraph._p, W + "r")
    wanted = ((bold, "b", None), (italic, "i", None), (points is not None, "sz", str(round((points or 0) * 2))),
              (highlight, "highlight", "yellow"), (underline, "u", "single"), (superscript, "vertAlign", "superscript"))
    if any(flag for flag, _, _ in wanted):
        properties = etree.SubElement(run, W + "rPr")
        for flag, tag, value in wanted:
            if flag:
                element = etree.SubElement(properties, W + tag)
                if value is not None:
                    element.set(W + "val", value)
    words = etree.SubElement(run, W + "t")
    words.set(XML_SPACE, "preserve")
    words.text = text
