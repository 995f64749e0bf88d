"""What an exchange file says about codes and documents that the workbench's own tables do
not hold (issue 15, migration 0012_exchange); same `metadata` as schema.py, gathered by
store/__init__.py.

- `code_exchange`: a code the file marked `isCodable="false"` (a folder of codes in NVivo,
  MAXQDA or ATLAS.ti), or gave no colour (the workbench shows one; the export writes none).
- `document_exchange`: a source's description, and what kind of REFI source it was
  (`TextSource`, or `PDFSource` with its text representation).

A code or document without a row here is codable, has its own colour, no description
and is a text source.
"""

from sqlalchemy import Boolean, Column, Connection, ForeignKey, Integer, String, Table, Text

from .schema import metadata

code_exchange = Table(
    "code_exchange",
    metadata,
    Column("code_id", Integer, ForeignKey("codes.id", ondelete="CASCADE"), primary_key=True),
    Column("codable", Boolean, nullable=False, default=True),
    Column("colour_given", Boolean, nullable=False, default=True),
)

document_exchange = Table(
    "document_exchange",
    metadata,
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("description", Text, nullable=False, default=""),
    Column("source_type", String(20), nullable=False, default="TextSource"),
)

EXCHANGE_TABLES = (code_exchange, document_exchange)


def create_exchange_tables(conn: Connection) -> None:
    metadata.create_all(conn, tables=list(EXCHANGE_TABLES))
