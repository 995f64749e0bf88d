"""Coded documents and coded extracts out, as Word, HTML and Excel (issue 14)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from sqlalchemy import select

from ..errors import WorkbenchError
from ..store.schema import documents as documents_table, project_info


def _output(path: str | Path, suffixes: tuple[str, ...], what: str, overwrite: bool) -> Path:
    path = Path(path)
    if path.suffix.lower() not in suffixes:
        raise WorkbenchError(f"{path.name}: {what} can be written as {' or '.join(suffixes)}; "
                             f"give a name ending in one of them.")
    if path.exists() and not overwrite:
        raise WorkbenchError(f"{path} exists already; choose another name, or replace it (--force).")
    if not path.parent.is_dir():
        raise WorkbenchError(f"The folder {path.parent} does not exist; create it or choose another.")
    return path


class CodedDocuments:
    def _title(self) -> str:
        with self.store.read() as conn:
            return conn.execute(select(project_info.c.value).where(project_info.c.key == "title")).scalar() \
                or "this study"

    def _layer(self, codings: pd.DataFrame, member: str | None) -> pd.DataFrame:
        if member is None:
            return codings
        if member not in set(self.members()["name"]):
            raise WorkbenchError(f"There is no member called '{member}' in this project; check the spelling.")
        return codings[codings["member"] == member]

    def coded_documents(self, documents: list[str | int] | None = None, member: str | None = None,
                        document_set: str | None = None):
        """The documents (default: all; or those of the document set `document_set`) turn by
        turn with their codings, everyone's or one member's layer: plain data for
        `export_coded_documents`."""
        from ..publish.coded_documents import coded_documents

        every = self.documents()
        if document_set is not None:
            if documents is not None:
                raise WorkbenchError("Name documents or a document set to export, not both.")
            documents = self.set_members(document_set, "documents")["name"].tolist()  # a plain error if unknown
            if not documents:
                raise WorkbenchError(f"The document set '{document_set}' holds no documents; add some first.")
        if documents is not None:
            ids = [self.document_id(document) for document in documents]
            if not ids:
                raise WorkbenchError("Name at least one document to export, or leave the list out for all.")
            every = every.set_index("id").loc[list(dict.fromkeys(ids))].reset_index()
        with self.store.read() as conn:
            texts = dict(conn.execute(select(documents_table.c.name, documents_table.c.text)
                                      .where(documents_table.c.id.in_(every["id"].tolist()))).all())
        segments = self.segments()
        codings = self._layer(self.codings(), member)
        chosen = set(every["name"])
        return coded_documents(every, texts, segments[segments["document"].isin(chosen)],
                               codings[codings["document"].isin(chosen)])

    def export_coded_documents(self, path: str | Path, documents: list[str | int] | None = None,
                               member: str | None = None, overwrite: bool = False,
                               document_set: str | None = None) -> Path:
        """Write the coded documents as Word (.docx) or a self-contained, printable web
        page (.html): each turn's speaker, time and words, each coding numbered in place
        and listed in the margin by code label, its words and who coded it."""
        from ..publish.coded_documents import to_html
        from ..publish.coded_documents_docx import to_docx

        path = _output(path, (".docx", ".html"), "coded documents", overwrite)
        parts = self.coded_documents(documents, member, document_set)
        if path.suffix.lower() == ".html":
            path.write_text(to_html(parts, self._title(), member), encoding="utf-8")
        else:
            path.write_bytes(to_docx(parts, self._title(), member))
        self.record_artefact("export", path)  # participants' words: a withdrawal marks it stale
        return path

    def coded_extracts(self, codes: list[str] | None = None, member: str | None = None) -> pd.DataFrame:
        """Every passage of every code (or of `codes`) with its source and coder."""
        from ..publish.coded_extracts import extracts_frame

        codebook = self.codes()
        codings = self._layer(self.codings(), member)
        if codes is not None:
            unknown = sorted(set(codes) - set(codebook["name"]))
            if unknown:
                raise WorkbenchError(f"There is no code called '{unknown[0]}'; check the codebook.")
            codings = codings[codings["code"].isin(codes)]
        return extracts_frame(codings, self.segments(), codebook)

    def export_coded_extracts(self, path: str | Path, codes: list[str] | None = None, member: str | None = None,
                              overwrite: bool = False) -> Path:
        """The coded extracts report as Word (.docx) or Excel (.xlsx)."""
        from ..publish import coded_extracts

        path = _output(path, (".docx", ".xlsx"), "the coded extracts report", overwrite)
        frame = self.coded_extracts(codes, member)
        if path.suffix.lower() == ".xlsx":
            path.write_bytes(coded_extracts.to_excel(frame))
        else:
            path.write_bytes(coded_extracts.to_docx(frame, self.codes(), self._title(), member))
        self.record_artefact("report", path)
        return path
