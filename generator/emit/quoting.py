"""The one place where names and values become SQL text.

Identifiers are quoted only when Postgres would fold or misread them (embedded quotes doubled);
literals are single-quoted with quotes doubled (``E''`` strings never needed: standard strings
are on since Postgres 9.1); expressions are the author's validated text, parenthesized by the
caller where the grammar needs it. Nothing else in pgspec concatenates user text into SQL.
"""

from __future__ import annotations

import json
import re
from typing import Any

from sqlglot.errors import TokenError
from sqlglot.tokens import TokenType

from generator.model.expr import top_level_tokens


_PLAIN = re.compile(r"^[a-z_][a-z0-9_$]*$")
# PostgreSQL 15 keywords that are not UNRESERVED: quote_ident() quotes exactly these.
_RESERVED = frozenset("""
all analyse analyze and any array as asc asymmetric both case cast check collate column constraint
create current_catalog current_date current_role current_time current_timestamp current_user default
deferrable desc distinct do else end except false fetch for foreign from grant group having in
initially intersect into lateral leading limit localtime localtimestamp not null offset on only or
order placing primary references returning select session_user some symmetric table then to trailing
true union unique user using variadic when where window with
authorization binary collation concurrently cross current_schema freeze full ilike inner is isnull
join left like natural notnull outer overlaps right similar tablesample verbose
between bigint bit boolean char character coalesce dec decimal exists extract float greatest grouping
inout int integer interval least national nchar none normalize nullif numeric out overlay position
precision real row setof smallint substring time timestamp treat trim values varchar xmlattributes
xmlconcat xmlelement xmlexists xmlforest xmlnamespaces xmlparse xmlpi xmlroot xmlserialize xmltable
""".split())


def ident(name: str) -> str:
    """A safely quoted identifier: bare when it is a plain lower-case non-keyword."""
    if _PLAIN.match(name) and name not in _RESERVED:
        return name
    return '"' + name.replace('"', '""') + '"'


def role(name: str) -> str:
    """A role name in GRANT or a policy's TO list, where PUBLIC and CURRENT_USER are keywords."""
    return name if name in ("public", "current_user", "session_user", "current_role") else ident(name)


def qualified(schema: str, name: str) -> str:
    """``schema.name``, with ``public`` left implicit."""
    return ident(name) if schema == "public" else f"{ident(schema)}.{ident(name)}"


def string(value: str) -> str:
    """A standard SQL string literal."""
    if "\x00" in value:
        raise ValueError("NUL bytes cannot be stored in PostgreSQL text")
    return "'" + value.replace("'", "''") + "'"


def json_text(value: Any) -> str:
    """Deterministic JSON text for json/jsonb literals."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _array_element(value: Any) -> str:
    if value is None:
        return "NULL"
    text = str(value).lower() if isinstance(value, bool) else str(value)
    if text == "" or re.search(r'[\s{}",\\]', text) or text.upper() == "NULL":
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return text


def literal(value: Any, type_: str) -> str:
    """A literal of column type ``type_`` as the catalog would print it (cast unless text-like)."""
    text_like = type_ in ("text", "character varying", "character") or type_.startswith(
        ("character varying(", "character("))
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if type_.startswith(("json", "jsonb")):
            return f"{string(json_text(value))}::{type_}"
        return str(value) if value >= 0 else f"{string(str(value))}::{type_}"
    if isinstance(value, (dict, list)) and type_ in ("json", "jsonb"):
        return f"{string(json_text(value))}::{type_}"
    if isinstance(value, list):
        return f"{string('{' + ','.join(_array_element(v) for v in value) + '}')}::{type_}"
    if isinstance(value, str):
        return string(value) if text_like else f"{string(value)}::{type_}"
    raise ValueError(f"cannot write {value!r} as a literal of type {type_}")


# Operators a column's or a domain's DEFAULT (a ``b_expr`` in Postgres's grammar) cannot hold bare.
_NOT_IN_B_EXPR = frozenset({TokenType.AND, TokenType.OR, TokenType.NOT, TokenType.IS, TokenType.LIKE,
                            TokenType.ILIKE, TokenType.IN, TokenType.BETWEEN, TokenType.COLLATE,
                            TokenType.SIMILAR_TO})


def default_expr(text: str) -> str:
    """A DEFAULT expression as CREATE TABLE and CREATE DOMAIN accept it: parenthesized when it
    uses, outside parentheses, an operator their grammar does not allow there (``now() AT TIME
    ZONE 'utc'``, ``a IS NULL``, ``NOT x``); as written otherwise."""
    try:
        found = top_level_tokens(text)
    except TokenError:
        return text
    for t, nxt in zip(found, found[1:] + [None]):
        if t.token_type in _NOT_IN_B_EXPR or (
                t.text.upper() == "AT" and nxt is not None and nxt.token_type == TokenType.TIME):
            return f"({text})"
    return text

