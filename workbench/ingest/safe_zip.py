"""Reading members of zip-based files (.docx, .xlsx, later .qdpx) with limits.

A hostile archive can claim gigabytes behind a few kilobytes (a zip bomb) or hold
huge numbers of entries; both are refused before anything is decompressed.
"""

from __future__ import annotations

import io
import zipfile
import zlib

from ..errors import ImportProblem

MAX_ENTRIES = 10_000
MAX_TOTAL_BYTES = 500 * 1024 * 1024
MAX_MEMBER_BYTES = 100 * 1024 * 1024
MAX_RATIO = 200  # uncompressed / compressed for one member larger than 1 MB


class SafeZip:
    def __init__(self, data: bytes, filename: str, what: str):
        self.filename = filename
        self.what = what
        try:
            self.archive = zipfile.ZipFile(io.BytesIO(data))
        except zipfile.BadZipFile:
            raise ImportProblem(filename, f"is not a valid {what} file (it is damaged or not really a {what}).",
                                f"Open it in the program that made it and save it again as {what}.") from None
        infos = self.archive.infolist()
        if len(infos) > MAX_ENTRIES:
            self._refuse(f"holds {len(infos):,} entries, far more than a real {what}")
        total = sum(info.file_size for info in infos)
        if total > MAX_TOTAL_BYTES:
            self._refuse(f"would unpack to {total / 1024 / 1024:,.0f} MB")

    def _refuse(self, why: str) -> None:
        raise ImportProblem(self.filename, f"looks unsafe: it {why}.",
                            f"Do not import it; ask the sender for the original {self.what}.")

    def names(self) -> set[str]:
        return set(self.archive.namelist())

    def read(self, name: str) -> bytes:
        try:
            info = self.archive.getinfo(name)
        except KeyError:
            raise ImportProblem(self.filename, f"is not a valid {self.what} file (it has no {name}).",
                                f"Open it in the program that made it and save it again as {self.what}.") from None
        if info.file_size > MAX_MEMBER_BYTES:
            self._refuse(f"has a part of {info.file_size / 1024 / 1024:,.0f} MB")
        if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            self._refuse("is compressed far more than real documents are (a 'zip bomb')")
        try:
            with self.archive.open(info) as member:
                data = member.read(MAX_MEMBER_BYTES + 1)
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError):
            raise ImportProblem(self.filename, f"is damaged (its part {name} cannot be unpacked).",
                                f"Open it in the program that made it and save it again as {self.what}.") from None
        if len(data) > MAX_MEMBER_BYTES:
            self._refuse("has a part larger than it says")
        return data

    def refuse_unsafe_parts(self) -> None:
        """For archives another library unpacks (openpyxl): every part within the size
        and ratio limits, and no DOCTYPE, which Office files never declare and which may
        hold entity bombs or external entities (issue 9)."""
        for info in self.archive.infolist():
            if info.file_size > MAX_MEMBER_BYTES:
                self._refuse(f"has a part of {info.file_size / 1024 / 1024:,.0f} MB")
            if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                self._refuse("is compressed far more than real documents are (a 'zip bomb')")
            if info.filename.endswith((".xml", ".rels")) and not info.is_dir():
                try:
                    with self.archive.open(info) as member:
                        start = member.read(64 * 1024)
                except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError):
                    continue  # reported plainly when the part is read
                if b"<!DOCTYPE" in start or b"<!ENTITY" in start:
                    self._refuse(f"declares XML entities in {info.filename}, which real {self.what} files never do")
