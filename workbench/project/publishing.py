"""Findings for partners, figures and reports (issue 6)."""

from __future__ import annotations

from pathlib import Path

from ..errors import WorkbenchError


class Publishing:
    def findings_tables(self, group_by: str | None = None) -> dict:
        """What a partners' dashboard may show, as DataFrames: withdrawn participants
        left out, pseudonyms only, private memos left out (see workbench.publish.tables).
        `group_by`: the participants' attribute that says which group someone is in."""
        from ..publish import findings_tables

        return findings_tables(self, group_by)

    def publish(self, outdir: str | Path, force: bool = False, group_by: str | None = None) -> Path:
        """Write a read-only snapshot (`outdir/findings.db`) and the dashboards beside it."""
        from ..publish import publish

        self._require_lead("publish the findings")
        self._refuse_while_blind("publish the findings (a snapshot holds every layer)")
        target = publish(self, outdir, force, group_by)
        self.record_artefact("snapshot", target)  # a later withdrawal lists it as stale (issue 9)
        return target

    def findings_figures(self) -> dict:
        """Every figure of the Findings dashboard, by name: {name: plotly figure}."""
        from ..figures.findings import dashboard_figures

        return dashboard_figures(self.findings_tables())

    def export_figures(self, outdir: str | Path, formats=("png", "svg", "pdf")) -> list[Path]:
        """Every dashboard figure as 300 dpi PNG, SVG and/or PDF files in `outdir`."""
        from ..figures.export import save_figures

        return save_figures(self.findings_figures(), outdir, formats)

    def write_report(self, outdir: str | Path, force: bool = False) -> list[Path]:
        """report.docx, tables.xlsx and codings/quotes-by-theme/codebook CSV files in `outdir`."""
        from ..publish import write_csvs, write_excel, write_word

        outdir = Path(outdir)
        targets = [outdir / "report.docx", outdir / "tables.xlsx"]
        if not force and any(target.exists() for target in targets):
            raise WorkbenchError(f"{outdir} already holds a report; choose another folder, or replace it (--force).")
        tables = self.findings_tables()
        outdir.mkdir(parents=True, exist_ok=True)
        written = [write_word(tables, targets[0]), write_excel(tables, targets[1]), *write_csvs(tables, outdir)]
        for path in written:
            self.record_artefact("report" if path.suffix == ".docx" else "export", path)
        return written
