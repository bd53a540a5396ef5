"""``pgspec import --seed TABLE``: a table's rows as the ``seed:`` rows a person would write.

Rows come in physical order (the order they were inserted in, for reference data). A value is
left out when writing it would add nothing, so that importing a generated database gives back
the spec it came from:

- NULL in a column without a default (NULL is what an omitted value gives);
- the value of the column's default, when that is a constant (``role: agent`` when the default
  is ``'agent'``, ``[]`` when it is ``ARRAY[]::text[]``);
- what a default calling a function produced (``now()``, ``gen_random_uuid()``,
  ``CURRENT_TIMESTAMP``): such values are left to the default (an explicit NULL is kept), so
  name them in the spec if other rows depend on them;
- serial and identity values that are 1, 2, 3 ... in row order: what a fresh table gives anyway;
- generated columns' values, which Postgres computes (and refuses to be given).

Values are plain YAML: JSON documents and arrays stay structured, whole numbers are ints, and
every other type is its text form (uuid, timestamps, enums, vectors), which the column's type
reads back.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

import psycopg
from psycopg import sql
from sqlglot.parser import Parser
from sqlglot.tokens import TokenType

from generator.importer.draft import literal_value
from generator.model import objects as m
from generator.model.expr import tokens
from generator.model.types import base_name

_VALUE_FUNCTIONS = {"CURRENT_DATE", "CURRENT_TIME", "CURRENT_TIMESTAMP", "LOCALTIME", "LOCALTIMESTAMP",
                    "CURRENT_USER", "CURRENT_ROLE", "SESSION_USER", "USER", "CURRENT_CATALOG", "CURRENT_SCHEMA"}
_STRUCTURED = {"boolean", "smallint", "integer", "bigint", "numeric", "real", "double precision", "json", "jsonb",
               "text", "character varying", "character"}


def read(conn: psycopg.Connection, table: m.Table) -> tuple[dict[str, Any], ...]:
    """The rows of ``table`` as seed rows."""
    select = sql.SQL(", ").join(_column_value(c) for c in table.columns)
    query = sql.SQL("SELECT {} FROM {} ORDER BY ctid").format(select, sql.Identifier(*table.qname))
    with conn.cursor() as cur:
        rows = [[_plain(v) for v in row] for row in cur.execute(query).fetchall()]
    keep = [_needed(conn, c, [row[i] for row in rows]) for i, c in enumerate(table.columns)]
    return tuple({c.name: value for c, value, needed in zip(table.columns, row, keep) if needed(value)}
                 for row in rows)


def _column_value(c: m.Column) -> sql.Composable:
    """The column as psycopg reads it to a plain value: structured types as they are, others as text."""
    name = sql.Identifier(c.name)
    element = c.type[:-2] if c.type.endswith("[]") else c.type
    if base_name(element) in _STRUCTURED:
        return name
    return sql.SQL("{}::text[]" if c.type.endswith("[]") else "{}::text").format(name)


def _plain(value: Any) -> Any:
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return int(value)
        return float(value) if repr(float(value)) == str(value) else str(value)
    return value


def _calls_a_function(text: str) -> bool:
    """``now()``, ``gen_random_uuid()``, ``CURRENT_TIMESTAMP``; not ``ARRAY['a']`` or ``'5'::numeric(3)``."""
    found = tokens(text)
    calls = (t.text[:1].isalpha() and t.token_type not in Parser.TYPE_TOKENS and nxt.token_type == TokenType.L_PAREN
             for t, nxt in zip(found, found[1:]))
    return any(t.text.upper() in _VALUE_FUNCTIONS for t in found) or any(calls)


def _needed(conn: psycopg.Connection, c: m.Column, values: list[Any]):
    """Which of the column's values a seed row must say."""
    if c.generated is not None:
        return lambda value: False  # Postgres computes it, and refuses a value for it
    if c.serial or c.identity:
        counted = values == list(range(1, len(values) + 1))
        return lambda value: not counted
    if c.default is None:
        return lambda value: value is not None
    if _calls_a_function(c.default.text):
        return lambda value: value is None  # an explicit NULL is not what the default gives
    is_literal, default = literal_value(c.default, c.type)
    if not is_literal:
        column = replace(c, name="value")
        with conn.cursor() as cur:
            default = _plain(cur.execute(sql.SQL("SELECT {} FROM (SELECT {} AS value) AS d").format(
                _column_value(column), sql.SQL(c.default.text))).fetchone()[0])
    return lambda value: value != default
