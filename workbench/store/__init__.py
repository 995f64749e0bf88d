"""Project storage: schema, connection, migrations, logged writes, queries."""

from .store import Store
from .writer import Actor, Writer

__all__ = ["Actor", "Store", "Writer"]
