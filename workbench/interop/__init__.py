"""Exchange with other qualitative-analysis tools: REFI-QDA projects (.qdpx) and codebooks (.qdc)."""

from .refi_import import import_refi
from .refi_write import export_refi

REFI_SUFFIXES = (".qdpx", ".qdc")

__all__ = ["REFI_SUFFIXES", "export_refi", "import_refi"]
