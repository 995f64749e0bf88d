"""The study's withdrawal policy, chosen by the team and stated plainly."""

from __future__ import annotations

from sqlalchemy import select

from ..errors import WorkbenchError
from ..store import Writer
from ..store.schema import project_info

POLICY_KEY = "withdrawal_policy"
POLICIES = {
    "erase": (
        "Erase: when a participant withdraws, their words are removed everywhere in the project: their turns are "
        "blanked in the transcripts, codings, memos and ideas on or quoting them are deleted, cached embeddings "
        "and topic assignments of their turns are removed, and exports, snapshots and backups made before are "
        "listed as stale so the team can delete them. The log records that they withdrew, never what they said."
    ),
    "keep-analysed": (
        "Keep data already analysed: when a participant withdraws, their consent is recorded as withdrawn and "
        "no new analysis should use their words, but what the team has already analysed stays: their turns, "
        "the codings, memos and themes made from them, and earlier exports and snapshots. Choose this only if "
        "the consent form told participants so; `workbench withdraw --erase` still removes everything."
    ),
}


def current_policy(conn) -> str:
    return conn.execute(select(project_info.c.value).where(project_info.c.key == POLICY_KEY)).scalar() or "erase"


def policy_statement(policy: str) -> str:
    return POLICIES[require_policy(policy)]


def require_policy(policy: str) -> str:
    if policy not in POLICIES:
        raise WorkbenchError(f"'{policy}' is not a withdrawal policy; choose one of: {', '.join(POLICIES)}.")
    return policy


def set_policy(writer: Writer, policy: str) -> str:
    require_policy(policy)
    exists = writer.conn.execute(select(project_info.c.key).where(project_info.c.key == POLICY_KEY)).scalar()
    if exists:
        writer.conn.execute(project_info.update().where(project_info.c.key == POLICY_KEY).values(value=policy))
        writer.log("policy.withdrawal", "project_info", None, {"key": POLICY_KEY, "value": policy})
    else:
        writer.insert(project_info, {"key": POLICY_KEY, "value": policy}, "policy.withdrawal")
    return POLICIES[policy]
