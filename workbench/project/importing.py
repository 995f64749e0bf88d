"""Files in: text, Word, subtitles, tables, REFI-QDA projects and codebooks, coding sheets."""

from __future__ import annotations

from pathlib import Path

from ..errors import ImportProblem, SheetProblems, WorkbenchError
from ..ingest import parse_file
from ..ingest.store_import import ImportReport, sha256, write_import
from ..interop import REFI_SUFFIXES, export_refi, import_refi
from ..interop.coding_sheet import read_sheet, store_sheet, write_sheet
from ..interop.refi_read import read_refi
from ..interop.refi_write import ExportReport
from .helpers import read_user_file


class Importing:
    def import_file(self, path: str | Path, kind: str | None = None, **options) -> ImportReport:
        path = Path(path)
        return self.import_bytes(read_user_file(path), path.name, kind, **options)

    def import_bytes(self, data: bytes, filename: str, kind: str | None = None, **options) -> ImportReport:
        if Path(filename).suffix.lower() in REFI_SUFFIXES:
            return self._import_refi(data, filename, kind, options)
        parsed = parse_file(data, filename, kind, **options)  # parse fully before writing anything
        with self._write() as writer:
            return write_import(writer, parsed, sha256(data))

    # -- REFI-QDA exchange (.qdpx projects, .qdc codebooks) ------------------------
    def _import_refi(self, data: bytes, filename: str, kind: str | None, options: dict) -> ImportReport:
        if kind or options:
            raise ImportProblem(filename, "is a REFI-QDA file, which takes no --kind or table options.",
                                "Import it without them.")
        parsed = read_refi(data, filename)  # read fully before writing anything
        with self._write() as writer:
            return import_refi(writer, parsed, sha256(data))

    def export_refi(self, path: str | Path, *, include_private: bool = False, overwrite: bool = False,
                    for_tool: str | None = None) -> ExportReport:
        """Write the project as REFI-QDA: `.qdpx` (everything) or `.qdc` (the codebook only).
        Selection positions count characters, as the standard says; `for_tool="nvivo"` counts
        them as NVivo reads them (UTF-16 code units: an emoji is two)."""
        report = export_refi(self.store, path, include_private=include_private, overwrite=overwrite,
                             for_tool=for_tool, coders=self._visible_coders())  # blind coding (issue 17)
        self.record_artefact("export", path)  # so a withdrawal can list it as stale (issue 9)
        return report

    # -- coding sheets (Excel) --------------------------------------------------------
    def export_coding_sheet(self, path: str | Path, documents: list[str] | None = None,
                            kinds: list[str] | None = None, codes: list[str] | None = None,
                            overwrite: bool = False) -> int:
        """Write an .xlsx coding sheet: one row per segment, a tick column per code,
        a notes column; printable. Returns the number of rows."""
        path = Path(path)
        if path.exists() and not overwrite:
            raise WorkbenchError(f"{path} exists already; choose another name, or replace it (--force).")
        segments = self.segments()
        if documents:
            unknown = sorted(set(documents) - set(segments["document"]))
            if unknown:
                raise WorkbenchError(f"There is no document {', '.join(map(repr, unknown))} in this project.")
            segments = segments[segments["document"].isin(documents)]
        if kinds:
            named = self.documents().set_index("name")["kind"]
            segments = segments[segments["document"].map(named).isin(kinds)]
        all_codes = self.codes()
        chosen = codes or list(all_codes.loc[~all_codes["archived"].astype(bool), "name"])
        if not len(segments):
            raise WorkbenchError("No segments match; check the document names or kinds.")
        path.write_bytes(write_sheet(segments, chosen, f"Coding sheet: {path.stem}"))
        self.record_artefact("coding sheet", path)  # issue 9
        return len(segments)

    def import_coding_sheet(self, path: str | Path, member: str, role: str = "researcher",
                            confirm: bool = False) -> dict:
        """Read a filled-in coding sheet as `member`. Problems are reported row by row and
        nothing is stored until they are fixed, or (for changed text, unknown codes and
        unknown rows) confirmed."""
        path = Path(path)
        data = read_user_file(path)
        segments = self.segments()
        check = read_sheet(data, path.name, segments, set(self.codes()["name"]))
        if check.errors:
            raise SheetProblems(path.name, f"{len(check.errors)} problem(s) to fix in the sheet; nothing was imported.",
                                check.errors + check.warnings)
        if check.warnings and not confirm:
            raise SheetProblems(path.name, f"{len(check.warnings)} thing(s) to check; nothing was imported yet. "
                                "Fix the sheet, or import it again and confirm (--confirm).", check.warnings)
        with self.acting_as(member, role)._write() as writer:
            added = store_sheet(writer, check, segments)
        return {"rows": len(check.rows), "codings": added, "confirmed": len(check.warnings)}
