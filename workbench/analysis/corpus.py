"""What an analysis reads, once per call, in a few set-based SQL statements: segments
with their speaker's and document's attributes, and the codings of a layer.

Attribute filters (`where`) take any key: a participant attribute (role, site, ...),
a document attribute, `participant` (the pseudonym), `document` (its name) or `kind`
(the document kind). `participant.KEY` / `document.KEY` say which one when both have
a key. Values match without regard to case; a list matches any of its values.
"""

from __future__ import annotations

import json
import weakref

import numpy as np
import pandas as pd
from sqlalchemy import func, select

from ..errors import WorkbenchError
from ..store.schema import codes, codings, documents, events, members, participants, segments
from .intervals import globalise

MACHINE_AND_AGREED = ("machine", "consensus")


def _attributes(frame: pd.DataFrame, prefix: str) -> pd.DataFrame:
    parsed = pd.json_normalize([json.loads(value or "{}") for value in frame["attributes"]])
    parsed.index = frame.index
    parsed.columns = [f"{prefix}{column}" for column in parsed.columns]
    return pd.concat([frame.drop(columns="attributes"), parsed.astype(object)], axis=1)


def raw_rows(conn, query) -> list[tuple]:
    """Plain tuples from the database driver: building SQLAlchemy rows costs more than
    reading them when there are hundreds of thousands."""
    return conn.execute(query).cursor.fetchall()


_cache: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


class Corpus:
    """Segments (sorted by global position) with participants' and documents' attributes.

    `Corpus.of(store)` reuses the one read last time while nobody has changed the
    project since (every change adds an event, so the newest event id tells)."""

    @classmethod
    def of(cls, store) -> "Corpus":
        with store.read() as conn:
            newest = conn.execute(select(func.max(events.c.id))).scalar() or 0
        cached = _cache.get(store)
        if cached is not None and cached.event_id == newest:
            return cached
        corpus = cls(store)
        corpus.event_id = newest
        _cache[store] = corpus
        return corpus

    def __init__(self, store):
        self.store = store
        self.event_id = None
        self._all_codings = None
        self._texts: dict[int, str] = {}
        self._factorized: dict[str, tuple] = {}
        self._subcodes: dict[int, set[int]] | None = None
        self.folded: dict[tuple, tuple] = {}  # (document id, case, accents) -> search.fold's answer
        with store.read() as conn:
            self.participants = _attributes(pd.DataFrame(conn.execute(select(
                participants.c.id.label("participant_id"), participants.c.pseudonym.label("participant"),
                participants.c.consent, participants.c.attributes)).all(),
                columns=["participant_id", "participant", "consent", "attributes"]), "p:")
            self.documents = _attributes(pd.DataFrame(conn.execute(select(
                documents.c.id.label("document_id"), documents.c.name.label("document"), documents.c.kind,
                documents.c.attributes)).all(), columns=["document_id", "document", "kind", "attributes"]), "d:")
            self.codes = pd.DataFrame(conn.execute(select(codes.c.id, codes.c.name, codes.c.parent_id,
                                                          codes.c.archived)).all(),
                                      columns=["id", "name", "parent_id", "archived"])
            self.members = pd.DataFrame(conn.execute(select(members.c.id, members.c.name, members.c.role)).all(),
                                        columns=["id", "name", "role"])
            frame = pd.DataFrame.from_records(raw_rows(conn, select(
                segments.c.id.label("segment_id"), segments.c.document_id, segments.c.position, segments.c.start,
                segments.c.end, segments.c.participant_id, segments.c.time_start)
                .order_by(segments.c.document_id, segments.c.start)),
                columns=["segment_id", "document_id", "position", "start", "end", "participant_id", "time_start"])
        frame["participant_id"] = frame["participant_id"].astype("Int64")
        frame = frame.merge(self.documents, on="document_id", how="left")
        people = self.participants.drop(columns="consent")
        people["participant_id"] = people["participant_id"].astype("Int64")
        self.segments = frame.merge(people, on="participant_id", how="left")
        self.segments["g_start"] = globalise(self.segments["document_id"], self.segments["start"])
        self.segments["g_end"] = globalise(self.segments["document_id"], self.segments["end"])
        self.segments = self.segments.sort_values("g_start", kind="stable").reset_index(drop=True)

    def factorized(self, column: str) -> tuple[np.ndarray, list[str]]:
        """Each segment's value of `column` as a whole number (-1: none) and the values
        as text, sorted; worked out once per corpus."""
        if column not in self._factorized:
            values = self.segments[column]
            present = values.notna().to_numpy()
            codes = np.full(len(values), -1, dtype=np.int64)
            texts = values[present].astype(str)
            uniques = sorted(set(texts))
            codes[present] = pd.Categorical(texts, categories=uniques).codes
            self._factorized[column] = (codes, uniques)
        return self._factorized[column]

    # -- scope: which segments a query looks at --------------------------------------
    def column_for(self, key: str) -> str:
        key = key.strip()
        fixed = {"participant": "participant", "pseudonym": "participant", "document": "document", "kind": "kind"}
        if key in fixed:
            return fixed[key]
        if key.startswith("participant.") and f"p:{key[12:]}" in self.segments:
            return f"p:{key[12:]}"
        if key.startswith("document.") and f"d:{key[9:]}" in self.segments:
            return f"d:{key[9:]}"
        for column in (f"p:{key}", f"d:{key}"):
            if column in self.segments:
                return column
        raise WorkbenchError(f"No participant or document has an attribute '{key}'; known: "
                             + ", ".join(self.attribute_names()) + ".")

    def attribute_names(self) -> list[str]:
        return ["participant", "document", "kind"] + [c[2:] for c in self.segments.columns if c[:2] in ("p:", "d:")]

    def scope_mask(self, where: dict, document_ids: set[int] | None = None) -> np.ndarray:
        mask = np.ones(len(self.segments), dtype=bool)
        for key, wanted in (where or {}).items():
            values = wanted if isinstance(wanted, (list, tuple, set)) else [wanted]
            wanted_folded = {str(value).strip().casefold() for value in values}
            column = self.segments[self.column_for(key)]
            mask &= column.map(lambda v: v is not None and v == v and str(v).casefold() in wanted_folded).to_numpy(bool)
        if document_ids is not None:
            mask &= self.segments["document_id"].isin(document_ids).to_numpy()
        return mask

    # -- codings ----------------------------------------------------------------------
    def layer_members(self, layer: str, acting_member: str | None) -> list[int] | None:
        """Member ids of a layer; None means everyone at all."""
        roles = self.members
        if layer == "all":
            return None
        if layer == "everyone":
            return roles.loc[~roles["role"].isin(MACHINE_AND_AGREED), "id"].tolist()
        if layer == "consensus":
            return roles.loc[roles["role"] == "consensus", "id"].tolist()
        name = acting_member if layer == "mine" else layer
        if layer == "mine" and not acting_member:
            raise WorkbenchError("The layer 'mine' needs a member: say who is working first (project.as_member).")
        found = roles.loc[roles["name"].str.casefold() == name.strip().casefold(), "id"].tolist()
        if not found:
            raise WorkbenchError(f"'{name}' is not a member of this project; a layer is everyone, consensus, mine, "
                                 "all, or a member's name.")
        return found

    def codings(self, code_ids: list[int] | None, member_ids: list[int] | None) -> pd.DataFrame:
        """The codings of these codes by these members (None: all), with global spans.
        A corpus kept by `of` reads every coding once and filters it after that."""
        if self.event_id is None:
            return self._read_codings(code_ids, member_ids)
        if self._all_codings is None:  # sorted by code, then place: what matrices walk through
            every = self._read_codings(None, None)
            order = np.lexsort((every["g_start"].to_numpy(), every["code_id"].to_numpy()))
            self._all_codings = every.iloc[order].reset_index(drop=True)
        frame = self._all_codings
        keep = np.ones(len(frame), dtype=bool)
        if code_ids is not None:
            keep &= frame["code_id"].isin(code_ids).to_numpy()
        if member_ids is not None:
            keep &= frame["member_id"].isin(member_ids).to_numpy()
        return frame[keep].reset_index(drop=True)

    def _read_codings(self, code_ids, member_ids) -> pd.DataFrame:
        query = select(codings.c.id, codings.c.document_id, codings.c.code_id, codings.c.start, codings.c.end,
                       codings.c.member_id)
        if code_ids is not None:
            query = query.where(codings.c.code_id.in_(code_ids))
        if member_ids is not None:
            query = query.where(codings.c.member_id.in_(member_ids))
        with self.store.read() as conn:
            rows = raw_rows(conn, query)
        values = np.array(rows, dtype=np.int64).reshape(-1, 6)
        frame = pd.DataFrame(values, columns=["id", "document_id", "code_id", "start", "end", "member_id"])
        frame["g_start"] = globalise(frame["document_id"], frame["start"])
        frame["g_end"] = globalise(frame["document_id"], frame["end"])
        return frame

    def code_id(self, name: str) -> int:
        """A code by its name, or by the start of its name when only one code starts so."""
        names = self.codes["name"]
        exact = self.codes.loc[names.str.casefold() == name.strip().casefold(), "id"]
        if len(exact):
            return int(exact.iloc[0])
        starting = self.codes[names.str.casefold().str.startswith(name.strip().casefold())]
        if len(starting) == 1:
            return int(starting["id"].iloc[0])
        if len(starting) > 1:
            raise WorkbenchError(f"'{name}' could be any of: " + ", ".join(sorted(starting["name"])[:6])
                                 + "; give the whole code name.")
        raise WorkbenchError(f"There is no code '{name}' in this project; check the spelling (project.codes()).")

    def subcodes(self) -> dict[int, set[int]]:
        """{code id: the code and every code below it (children, their children, ...)},
        worked out once per corpus in one pass per level of the tree, never per code."""
        if self._subcodes is None:
            ids = self.codes["id"].astype("int64").to_numpy()
            parent_of = dict(zip(ids, self.codes["parent_id"]))
            above = pd.Series(ids, dtype="Int64")
            owners, members = [ids], [ids]
            for _ in range(len(ids)):  # a tree is never deeper than its number of codes
                above = pd.Series(pd.array(above.map(parent_of), dtype="Int64"))
                known = above.notna().to_numpy()
                if not known.any():
                    break
                owners.append(above[known].astype("int64").to_numpy())
                members.append(ids[known])
            pairs = pd.DataFrame({"owner": np.concatenate(owners), "member": np.concatenate(members)})
            self._subcodes = {int(owner): set(group.tolist()) for owner, group in pairs.groupby("owner")["member"]}
        return self._subcodes

    def with_subcodes(self, code_ids) -> set[int]:
        """These codes and every code below them in the codebook."""
        table = self.subcodes()
        return set().union(*(table.get(int(i), {int(i)}) for i in code_ids))

    def texts(self, document_ids) -> dict[int, str]:
        """Documents' texts by id (kept with the corpus, so until the project changes)."""
        ids = sorted({int(d) for d in document_ids})
        missing = [i for i in ids if i not in self._texts]
        if missing:
            with self.store.read() as conn:
                for start in range(0, len(missing), 1000):
                    chunk = missing[start:start + 1000]
                    self._texts.update(conn.execute(select(documents.c.id, documents.c.text)
                                                    .where(documents.c.id.in_(chunk))).all())
        return {i: self._texts[i] for i in ids if i in self._texts}
