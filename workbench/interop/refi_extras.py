"""`workbench.json`: the few things REFI-QDA cannot carry (member roles, document kinds,
private memos, when to use a code), read back only when they make sense."""

from __future__ import annotations

import json

from ..store.schema import DOCUMENT_KINDS, MEMBER_ROLES
from .refi_model import WorkbenchExtras

EXTRAS_NAME = "workbench.json"


def extras_json(extras: WorkbenchExtras) -> bytes:
    return json.dumps({
        "format": 1,
        "member_roles": extras.member_roles,
        "document_kinds": extras.document_kinds,
        "private_notes": sorted(extras.private_notes),
        "code_guidance": extras.code_guidance,
    }, ensure_ascii=False, indent=1).encode("utf-8")


def read_extras(data: bytes) -> tuple[WorkbenchExtras, bool]:
    """The extras, and whether the file could be read; anything unexpected is ignored."""
    try:
        found = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return WorkbenchExtras(), False
    if not isinstance(found, dict):
        return WorkbenchExtras(), False

    def mapping(key):
        value = found.get(key)
        return value if isinstance(value, dict) else {}

    guidance = {}
    for guid, fields in mapping("code_guidance").items():
        if isinstance(fields, dict):
            guidance[str(guid).lower()] = {k: v for k, v in fields.items()
                                           if k in ("when_to_use", "when_not_to_use") and isinstance(v, str)}
    private = found.get("private_notes")
    return WorkbenchExtras(
        member_roles={str(g).lower(): r for g, r in mapping("member_roles").items() if r in MEMBER_ROLES},
        document_kinds={str(g).lower(): k for g, k in mapping("document_kinds").items() if k in DOCUMENT_KINDS},
        private_notes={str(g).lower() for g in private} if isinstance(private, list) else set(),
        code_guidance=guidance,
    ), True
