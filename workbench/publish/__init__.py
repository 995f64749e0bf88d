"""Publishing findings to partners and reports: the snapshot a dashboard reads, the
tables it holds, and the Word, Excel and CSV files made from them."""

from .reports import safe_cell, write_csvs, write_excel, write_word
from .snapshot import SNAPSHOT_NAME, publish, read_snapshot
from .tables import EXTRA_TABLES, SCRUBBERS, findings_tables

__all__ = ["EXTRA_TABLES", "SCRUBBERS", "SNAPSHOT_NAME", "findings_tables", "publish", "read_snapshot", "safe_cell",
           "write_csvs", "write_excel", "write_word"]
