"""Project storage: schema, connection, migrations, logged writes, queries."""

from . import schema_themes  # noqa: F401  (its tables join `metadata` before any create_all)
from . import schema_analysis  # noqa: F401  (issue 13's tables, likewise)
from . import schema_exchange  # noqa: F401  (issue 15's exchange details, likewise)
from . import schema_access  # noqa: F401  (issue 17's access levels, likewise)
from .store import Store
from .writer import Actor, Writer

__all__ = ["Actor", "Store", "Writer"]
