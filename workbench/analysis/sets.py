"""Named document sets and code sets (tables in store/schema_analysis.py), and saved
queries. A set lists its documents or codes, or keeps a saved query whose passages
give them when it is used; either is a filter everywhere a query is."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import delete, insert, select

from ..errors import WorkbenchError
from ..store import Writer
from ..store.clock import now
from ..store.schema import codes, documents, members
from ..store.schema_analysis import SET_KINDS, saved_queries, set_members, sets
from .query import Query


def save_query(writer: Writer, name: str, query: Query) -> int:
    """Keep `query` under `name` (replacing a query saved under the same name)."""
    name = (name or "").strip()
    if not name:
        raise WorkbenchError("A saved query needs a name, e.g. project.save_query('Carers on contact', query).")
    query.tree()  # refuses an expression that cannot be read before anything is saved
    found = writer.conn.execute(select(saved_queries.c.id).where(saved_queries.c.name == name)).scalar()
    if found is not None:
        writer.update(saved_queries, found, {"query_json": query.to_json()}, "query.update")
        return found
    return writer.insert(saved_queries, {"name": name, "query_json": query.to_json(),
                                         "created_by": writer.member_id, "created_at": now()}, "query.save")


def saved_query(conn, name: str) -> Query:
    found = conn.execute(select(saved_queries.c.query_json).where(saved_queries.c.name == name)).scalar()
    if found is None:
        known = list(conn.execute(select(saved_queries.c.name).order_by(saved_queries.c.name)).scalars())
        raise WorkbenchError(f"There is no saved query '{name}'" + (f"; saved: {', '.join(known)}." if known else "."))
    return Query.from_json(found)


def saved_queries_frame(store) -> pd.DataFrame:
    query = (select(saved_queries.c.id, saved_queries.c.name, saved_queries.c.query_json,
                    members.c.name.label("created_by"), saved_queries.c.created_at)
             .join(members, members.c.id == saved_queries.c.created_by).order_by(saved_queries.c.name))
    return store.dataframe(query)


def add_set(writer: Writer, name: str, kind: str, names: list[str] | None = None, query: Query | None = None,
            description: str = "", guid: str | None = None) -> int:
    """A document set or code set: a static list of names, or a saved query's result."""
    name = (name or "").strip()
    if kind not in SET_KINDS:
        raise WorkbenchError(f"A set holds documents or codes, not '{kind}'.")
    if not name:
        raise WorkbenchError("A set needs a name.")
    if (names is None) == (query is None):
        raise WorkbenchError("Give a set either its members (a list of names) or a query, not both.")
    if writer.conn.execute(select(sets.c.id).where(sets.c.name == name, sets.c.kind == kind)).scalar() is not None:
        raise WorkbenchError(f"There is a {kind[:-1]} set called '{name}' already; choose another name.")
    values = {"name": name, "kind": kind, "query_json": query.to_json() if query else None,
              "description": description or "", "created_by": writer.member_id, "created_at": now()}
    if guid:
        values["guid"] = guid
    set_id = writer.insert(sets, values, "set.add")
    if names is not None:
        ids = _ids(writer.conn, kind, names)
        column = "document_id" if kind == "documents" else "code_id"
        writer.insert_many(set_members, [{"set_id": set_id, column: i} for i in ids], None)
        writer.log("set.members", "sets", set_id, {"count": len(ids)})
    return set_id


def remove_set(writer: Writer, name: str, kind: str) -> None:
    found = writer.conn.execute(select(sets.c.id).where(sets.c.name == name, sets.c.kind == kind)).scalar()
    if found is None:
        raise WorkbenchError(f"There is no {kind[:-1]} set '{name}'.")
    writer.conn.execute(delete(set_members).where(set_members.c.set_id == found))
    writer.delete(sets, found, "set.remove")


def _ids(conn, kind: str, names: list[str]) -> list[int]:
    table = documents if kind == "documents" else codes
    wanted = [str(n) for n in dict.fromkeys(names)]
    found = dict(conn.execute(select(table.c.name, table.c.id).where(table.c.name.in_(wanted))).all())
    missing = [n for n in wanted if n not in found]
    if missing:
        raise WorkbenchError(f"There is no {kind[:-1]} '{missing[0]}' in this project; nothing was saved.")
    return [found[n] for n in wanted]


def sets_frame(store) -> pd.DataFrame:
    query = (select(sets.c.id, sets.c.name, sets.c.kind, sets.c.description, sets.c.query_json,
                    members.c.name.label("created_by"), sets.c.created_at)
             .join(members, members.c.id == sets.c.created_by).order_by(sets.c.kind, sets.c.name))
    return store.dataframe(query)


class SetResolver:
    """Turns document names, document sets and code sets into ids for one retrieval."""

    def __init__(self, store, retrieve_query):
        self.store = store
        self.retrieve_query = retrieve_query  # Query -> passages DataFrame (for sets made from queries)
        self._depth = 0

    def _set(self, name: str, kind: str):
        with self.store.read() as conn:
            row = conn.execute(select(sets.c.id, sets.c.query_json).where(sets.c.name == name, sets.c.kind == kind)).first()
            if row is None:
                raise WorkbenchError(f"There is no {kind[:-1]} set '{name}'; see project.sets().")
            if row.query_json is None:
                column = set_members.c.document_id if kind == "documents" else set_members.c.code_id
                return set(conn.execute(select(column).where(set_members.c.set_id == row.id)).scalars())
        if self._depth > 5:
            raise WorkbenchError(f"The set '{name}' is made from a query that uses itself; change one of them.")
        self._depth += 1
        try:
            found = self.retrieve_query(Query.from_json(row.query_json))
        finally:
            self._depth -= 1
        if kind == "documents":
            return set(found["document_id"].astype(int))
        with self.store.read() as conn:
            code_ids = dict(conn.execute(select(codes.c.name, codes.c.id)).all())
        return {code_ids[n] for cell in found["codes"] for n in cell.split("; ") if n in code_ids}

    def documents(self, query: Query) -> set[int]:
        chosen = None
        if query.documents:
            with self.store.read() as conn:
                chosen = set(_ids(conn, "documents", list(query.documents)))
        if query.document_set:
            in_set = self._set(query.document_set, "documents")
            chosen = in_set if chosen is None else chosen & in_set
        return chosen

    def codes(self, name: str) -> set[int]:
        return self._set(name, "codes")


def set_members_frame(store, name: str, kind: str, resolver: SetResolver) -> pd.DataFrame:
    ids = resolver._set(name, kind)
    table = documents if kind == "documents" else codes
    return store.dataframe(select(table.c.id, table.c.name).where(table.c.id.in_(sorted(ids))).order_by(table.c.id))

