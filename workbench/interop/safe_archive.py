"""Reading a .qdpx archive without trusting it.

Nothing is ever extracted to disk: members are read into memory, within the limits of
`SafeZip` (entry count, total size, size and compression ratio of each part), and
the archive is refused outright if any entry name could point outside it (`../`,
absolute or drive paths) or is a link, or if it compresses far more than real
projects do as a whole.
"""

from __future__ import annotations

import re
import stat
from pathlib import PurePosixPath

from ..errors import ImportProblem
from ..ingest.safe_zip import SafeZip

MAX_TOTAL_RATIO = 100  # uncompressed / compressed for the whole archive, once it is over 10 MB
_DRIVE = re.compile(r"^[A-Za-z]:")


def unsafe_name(name: str) -> str | None:
    """Why an entry or path name may not be used, or None if it is a plain relative path."""
    if "\x00" in name:
        return "has a name with a NUL character"
    normalised = name.replace("\\", "/")
    if normalised.startswith("/") or _DRIVE.match(normalised):
        return f"names an absolute path ({name})"
    if ".." in PurePosixPath(normalised).parts:
        return f"names a path outside the archive ({name})"
    return None


class SafeArchive(SafeZip):
    def __init__(self, data: bytes, filename: str, what: str = ".qdpx"):
        super().__init__(data, filename, what)
        infos = self.archive.infolist()
        for info in infos:
            why = unsafe_name(info.filename)
            if why:
                self._refuse(why)
            if info.flag_bits & 0x1:
                raise ImportProblem(filename, f"has a password-protected part ({info.filename}).",
                                    "Export the project again without a password.")
            if stat.S_ISLNK(info.external_attr >> 16):
                self._refuse(f"holds a link ({info.filename}), which could point anywhere on this computer")
        total = sum(info.file_size for info in infos)
        packed = sum(info.compress_size for info in infos)
        if total > 10 * 1024 * 1024 and total > MAX_TOTAL_RATIO * max(packed, 1):
            self._refuse("is compressed far more than real projects are (a 'zip bomb')")
        self._by_lower = {info.filename.lower(): info.filename for info in infos if not info.is_dir()}

    def find(self, *candidates: str) -> str | None:
        """The first entry matching one of `candidates`, ignoring case (tools differ)."""
        for candidate in candidates:
            found = self._by_lower.get(candidate.replace("\\", "/").lower())
            if found is not None:
                return found
        return None

    def ending_with(self, suffix: str) -> list[str]:
        """Every entry whose name ends with `suffix`, ignoring case."""
        return [name for lower, name in self._by_lower.items() if lower.endswith(suffix.lower())]
