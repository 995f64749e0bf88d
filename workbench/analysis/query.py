"""A retrieval query as plain data: which codes (combined with operators), where
(participant and document attributes), in which documents, and whose codings.

    Query("Named contact AND Loneliness after discharge", where={"role": "carer"})
    Query('"Named contact" WITHIN 10 WORDS Medicines', layer="Jo Bennett")

Operators, loosest first: OR; AND, NOT (binary `A NOT B` is A's words not coded B);
then OVERLAPPING (the spans of A and B overlap or meet: their joined extent),
SAME SEGMENT (A and B in one turn) and WITHIN n [WORDS] (A and B at most n words
apart: the extent from one to the other). `NOT A` alone is every word in scope not
coded A. Parentheses group; a code name with an operator word in it goes in quotes;
`set:NAME` is any code of the code set NAME. Operator words are upper case, so code
names in lower or mixed case never clash with them.

Sub-codes: a code stands for itself and every code under it in the codebook (its
children, their children, ...), as in NVivo's "include sub-codes". `=Code` (or
`="Code name"`) means that code alone; `Query(..., subcodes=False)` makes every code
of the query exact (code sets too: a set's codes bring their sub-codes unless exact).

`layer`: "everyone" (every person's codings; not the topic model's suggestions nor the
agreed version), "consensus" (the agreed version), "mine" (the acting member's), "all",
or one member's name.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field

from ..errors import WorkbenchError

LAYERS = ("everyone", "consensus", "mine", "all")
_TOKEN = re.compile(r'\s*(?:(\()|(\))|"((?:[^"\\]|\\.)*)"|([^\s()"]+))')
_KEYWORDS = {"AND", "OR", "NOT", "OVERLAPPING", "OVERLAPS", "SAME", "WITHIN", "NEAR"}


@dataclass
class Query:
    codes: str | list = ""
    where: dict = field(default_factory=dict)
    documents: list = field(default_factory=list)
    document_set: str | None = None
    layer: str = "everyone"
    subcodes: bool = True

    def tree(self) -> list | None:
        """The code expression as a nested list, e.g. ["and", ["code", "A"], ["code", "B"]]."""
        if isinstance(self.codes, list):
            return self.codes or None
        return parse(self.codes) if self.codes.strip() else None

    def to_dict(self) -> dict:
        return asdict(self)

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_dict(cls, data: dict) -> "Query":
        unknown = set(data) - {"codes", "where", "documents", "document_set", "layer", "subcodes"}
        if unknown:
            raise WorkbenchError(f"A query has no part called '{sorted(unknown)[0]}'; use codes, where, documents, "
                                 "document_set, layer and subcodes.")
        return cls(**data)

    @classmethod
    def from_json(cls, text: str) -> "Query":
        return cls.from_dict(json.loads(text))

    @classmethod
    def coerce(cls, query, **overrides) -> "Query":
        """A Query from a Query, a dict or an expression string, with `overrides` set."""
        if isinstance(query, Query):
            made = cls.from_dict(query.to_dict())
        elif isinstance(query, dict):
            made = cls.from_dict(query)
        elif isinstance(query, str) or query is None:
            made = cls(codes=query or "")
        else:
            raise WorkbenchError("Give a query as text (e.g. \"Named contact AND Medicines\"), a dict or a Query.")
        for key, value in overrides.items():
            if value is not None:
                setattr(made, key, value)
        if isinstance(made.documents, str):
            made.documents = [made.documents]
        made.where = {str(k): v for k, v in dict(made.where or {}).items()}
        return made


def _tokens(text: str) -> list[tuple[str, str]]:
    tokens, position = [], 0
    text = text.rstrip()
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            raise WorkbenchError(f"The query has an unclosed quote: {text[position:].strip()!r}.")
        position = match.end()
        opening, closing, quoted, word = match.groups()
        if opening:
            tokens.append(("(", "("))
        elif closing:
            tokens.append((")", ")"))
        elif quoted is not None:
            tokens.append(("name", quoted.replace('\\"', '"')))
        elif word in _KEYWORDS or (word == "SEGMENT") or (word == "WORDS"):
            tokens.append(("op", word))
        else:
            tokens.append(("word", word))
    return tokens


class _Parser:
    def __init__(self, text: str):
        self.text = text
        self.tokens = _tokens(text)
        self.at = 0

    def peek(self, offset: int = 0):
        index = self.at + offset
        return self.tokens[index] if index < len(self.tokens) else (None, None)

    def take(self):
        token = self.peek()
        self.at += 1
        return token

    def fail(self, why: str):
        raise WorkbenchError(f"Cannot read the query {self.text!r}: {why}. Example: \"Named contact AND Medicines\".")

    def parse(self) -> list:
        tree = self.or_expr()
        if self.peek()[0] is not None:
            self.fail(f"unexpected {self.peek()[1]!r}")
        return tree

    def or_expr(self):
        tree = self.and_expr()
        while self.peek() == ("op", "OR"):
            self.take()
            tree = ["or", tree, self.and_expr()]
        return tree

    def and_expr(self):
        tree = self.relation()
        while self.peek() in (("op", "AND"), ("op", "NOT")):
            _, word = self.take()
            if word == "AND" and self.peek() == ("op", "NOT"):
                self.take()
                word = "NOT"
            right = self.relation()
            tree = ["and", tree, right] if word == "AND" else ["minus", tree, right]
        return tree

    def relation(self):
        tree = self.unary()
        while True:
            kind, word = self.peek()
            if word in ("OVERLAPPING", "OVERLAPS"):
                self.take()
                tree = ["overlapping", tree, self.unary()]
            elif word == "SAME":
                self.take()
                if self.take() != ("op", "SEGMENT"):
                    self.fail("SAME must be followed by SEGMENT")
                tree = ["same segment", tree, self.unary()]
            elif word in ("WITHIN", "NEAR"):
                self.take()
                kind, number = self.take()
                if kind != "word" or not number.isdigit():
                    self.fail(f"{word} needs a number of words, e.g. {word} 10 WORDS")
                if self.peek() == ("op", "WORDS"):
                    self.take()
                tree = ["within", int(number), tree, self.unary()]
            else:
                return tree

    def unary(self):
        kind, word = self.peek()
        if (kind, word) == ("op", "NOT"):
            self.take()
            return ["not", self.unary()]
        if kind == "(":
            self.take()
            tree = self.or_expr()
            if self.take()[0] != ")":
                self.fail("a bracket is not closed")
            return tree
        if (kind, word) == ("word", "=") and self.peek(1)[0] == "name":
            self.take()
            return ["exact", self.take()[1]]
        if kind == "name":
            self.take()
            return _operand(word)
        if kind == "word":
            words = []
            while self.peek()[0] == "word":
                words.append(self.take()[1])
            return _operand(" ".join(words))
        self.fail("a code name is missing" if kind is None else f"a code name is missing before {word!r}")


def _operand(name: str) -> list:
    if name.startswith("set:"):
        return ["set", name[4:].strip()]
    if name.startswith("="):
        if not name[1:].strip():
            raise WorkbenchError("'=' needs a code name after it, e.g. =Medicines for that code without its sub-codes.")
        return ["exact", name[1:].strip()]
    return ["code", name]


def in_code_set(codes: str, code_set: str) -> str:
    """The expression `codes` kept to the words also coded with a code of the code set
    (with no codes: every passage of the set's codes)."""
    named = '"set:' + code_set.replace('"', '\\"') + '"'
    return f"({codes}) AND {named}" if codes.strip() else named


def parse(text: str) -> list:
    """The expression `text` as a nested list (see the module docstring)."""
    return _Parser(text).parse()


def operands(tree: list | None, kind: str = "code") -> list[str]:
    """Every code name (or code set name) the expression refers to; "code" includes
    the exact ones (=Code)."""
    if not tree:
        return []
    if tree[0] in ("code", "set", "exact"):
        return [tree[1]] if tree[0] == kind or (kind == "code" and tree[0] == "exact") else []
    children = tree[2:] if tree[0] == "within" else tree[1:]
    return [name for child in children for name in operands(child, kind)]
