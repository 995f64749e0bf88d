"""What a widget offers to narrow what it reads, and the check of what its page sends
back: an attribute of participants or documents and one of its values, a document set,
a code set. One place, so Retrieval, TextSearch and the matrices offer (and check) the
same choices; `static/filters.js` draws them.
"""

from __future__ import annotations

from ..errors import WorkbenchError

HIDDEN = {"participants": ("id", "pseudonym", "consent"), "documents": ("id", "name")}


def attribute_choices(project) -> list[dict]:
    """[{key, values}]: participants' attributes, then documents' (their kind too), each
    with its values; a document attribute named like a participant's is `document.NAME`."""
    choices: list[dict] = []
    for of in ("participants", "documents"):
        table = project.attributes(of)
        for column in table.columns:
            if column in HIDDEN[of]:
                continue
            key = column
            if of == "documents" and any(c["key"] == column for c in choices):
                key = f"document.{column}"
            values = sorted({str(v) for v in table[column].dropna() if str(v).strip()})
            if values:
                choices.append({"key": key, "values": values})
    return choices


def set_names(project, kind: str) -> list[str]:
    """Names of the project's document sets (kind "documents") or code sets ("codes")."""
    sets = project.sets()
    return sets.loc[sets["kind"] == kind, "name"].tolist()


def checked_where(choices: list[dict], attribute: str, value: str) -> dict | None:
    """{attribute: value} when both are among the choices offered, None for no filter."""
    if not attribute:
        return None
    chosen = next((c for c in choices if c["key"] == attribute), None)
    if chosen is None:
        raise WorkbenchError("Choose an attribute from the list.")
    if value not in chosen["values"]:
        raise WorkbenchError(f"Choose a value of {attribute} from the list.")
    return {attribute: value}


def checked_set(names: list[str], chosen: str, what: str = "document set") -> str | None:
    """The set chosen when it is one offered, None for none ("")."""
    if not chosen:
        return None
    if chosen not in names:
        raise WorkbenchError(f"Choose a {what} from the list.")
    return chosen


def optional_text(content: dict, key: str) -> str:
    """A string the page may leave out (""), or a malformed request."""
    value = content.get(key, "")
    if not isinstance(value, str):
        raise TypeError(key)
    return value
