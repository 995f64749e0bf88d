"""Withdrawal, pseudonyms, and the exports on record (issue 9)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..ingest import parse_file
from ..ingest.store_import import sha256, write_import
from .core import SYSTEM
from .helpers import missing_file


class Privacy:
    def record_artefact(self, kind: str, path: str | Path) -> int | None:
        """Record a file made from the project (export, snapshot, backup) so a later
        withdrawal lists it as stale. A read-only project cannot record: returns None."""
        from ..privacy import record_artefact

        if self.read_only:
            return None
        actor = self.actor or SYSTEM  # nobody named: logged as the workbench, never a member
        with self.store.write(actor, self.context) as writer:
            return record_artefact(writer, kind, path)

    def artefacts(self) -> pd.DataFrame:
        """Every export, snapshot and backup on record, and which are stale."""
        from ..privacy import artefacts_frame

        return artefacts_frame(self.store)

    def withdrawal_policy(self) -> tuple[str, str]:
        """The study's withdrawal policy ("erase" unless chosen) and what it means."""
        from ..privacy.policy import current_policy, policy_statement

        with self.store.read() as conn:
            policy = current_policy(conn)
        return policy, policy_statement(policy)

    def set_withdrawal_policy(self, policy: str) -> str:
        """"erase" or "keep-analysed" (lead only, once access is managed); returns the
        plain statement of what it means."""
        from ..privacy.policy import set_policy

        self._require_lead("set the withdrawal policy")
        with self._write() as writer:
            return set_policy(writer, policy)

    def withdraw(self, participant: str, erase: bool | None = None, delete_stale: bool = False,
                 folder: str | Path | None = None):
        """Record that `participant` (a pseudonym) withdrew. Under the "erase" policy
        (or `erase=True`) their words are removed everywhere and the file is scrubbed
        (WAL checkpointed, vacuumed), and notebooks and their checkpoints under `folder`
        (default: the current folder, where JupyterLab works) lose the outputs that
        showed their words; returns a WithdrawalReport listing those notebooks and the
        exports, snapshots and backups made before, which `delete_stale=True` deletes."""
        from ..privacy import withdraw_participant
        from ..privacy.artefacts import delete_files
        from ..privacy.notebooks import clean_notebooks, participant_words
        from ..privacy.policy import current_policy
        from ..privacy.scrub import scrub

        self._require_lead("record a participant's withdrawal")
        with self._write() as writer:
            if erase is None:
                erase = current_policy(writer.conn) == "erase"
            words = participant_words(writer.conn, participant) if erase else []
            report = withdraw_participant(writer, participant, erase)
        if erase:
            scrub(self.store)
            if delete_stale:
                report.deleted = delete_files(report.stale)
            report.notebooks_cleaned, report.notebooks_to_edit = clean_notebooks(Path(folder or Path.cwd()), words)
        return report

    def import_pseudonymised(self, path: str | Path, key: str | Path, kind: str | None = None, **options):
        """Import a file with the real names listed in the key file (kept outside the
        project) replaced by pseudonyms; returns (ImportReport, review DataFrame)."""
        from ..privacy.pseudonyms import load_key, pseudonymise

        path = Path(path)
        name_key = load_key(Path(key), self.store.sqlite_path)
        data = path.read_bytes() if path.is_file() else missing_file(path)
        parsed, review = pseudonymise(parse_file(data, path.name, kind, **options), name_key)
        with self._write() as writer:
            return write_import(writer, parsed, sha256(data)), review
