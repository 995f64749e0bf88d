"""Privacy: pseudonyms with a separate key, withdrawal that erases, the register of
exports and snapshots a withdrawal makes stale (issue 9)."""

from .artefacts import artefacts_frame, mark_stale, record_artefact
from .policy import POLICIES, policy_statement
from .withdrawal import WithdrawalReport, withdraw_participant

__all__ = ["POLICIES", "WithdrawalReport", "artefacts_frame", "mark_stale", "policy_statement", "record_artefact",
           "withdraw_participant"]
