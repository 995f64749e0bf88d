from datetime import datetime, timezone


def now() -> str:
    """UTC time as ISO 8601 with microseconds: sorts as text, reads as a date."""
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")
