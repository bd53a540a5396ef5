"""What a view's query reads and gives, found by parsing it (sqlglot, as PostgreSQL).

The relations it reads (tables and views, CTE names left out) order its creation and tell
which views to rebuild when something they read changes; the output names let the builder check
the ``columns`` a spec declares. A query sqlglot cannot parse reads nothing as far as pgspec
knows: Postgres then judges the order when the migration runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import sqlglot
from sqlglot import exp
from sqlglot.optimizer.normalize_identifiers import normalize_identifiers


@dataclass(frozen=True)
class QueryFacts:
    parsed: bool
    is_query: bool  # a SELECT, set operation or VALUES (not an INSERT, DDL ...)
    relations: frozenset[tuple[str, str]]  # (schema, name); schema 'public' when not written
    functions: frozenset[str]
    columns: frozenset[str]  # column names mentioned anywhere
    star: bool  # a '*' or 't.*' somewhere: it reads every column of what it names
    outputs: tuple[str | None, ...] | None  # output names (None: Postgres chooses); None when unknown


@lru_cache(maxsize=4096)
def query_facts(text: str) -> QueryFacts:
    try:
        trees = [t for t in sqlglot.parse(text, read="postgres") if t is not None]
    except (sqlglot.errors.ParseError, sqlglot.errors.TokenError, ValueError):
        trees = []
    if len(trees) != 1:
        return QueryFacts(False, False, frozenset(), frozenset(), frozenset(), False, None)
    tree = normalize_identifiers(trees[0], dialect="postgres")  # unquoted names fold to lower case
    ctes = {c.alias for c in tree.find_all(exp.CTE)}
    relations, functions, columns, star = set(), set(), set(), False
    for node in tree.walk():
        if isinstance(node, exp.Table) and node.name and not (not node.db and node.name in ctes):
            relations.add((node.db or "public", node.name))
        elif isinstance(node, exp.Anonymous) and isinstance(node.this, str):
            functions.add(node.this.lower())
        elif isinstance(node, exp.Star) and isinstance(node.parent, exp.Select) or (
                isinstance(node, exp.Column) and node.name == "*"):  # not count(*)
            star = True
        elif isinstance(node, exp.Column) and node.name:
            columns.add(node.name)
    return QueryFacts(True, isinstance(tree, (exp.Query, exp.Values)), frozenset(relations), frozenset(functions),
                      frozenset(columns), star, _outputs(tree))


def _outputs(tree: exp.Expression) -> tuple[str | None, ...] | None:
    while isinstance(tree, exp.SetOperation):
        tree = tree.this  # the first branch names the columns
    if not isinstance(tree, exp.Select):
        return None
    out: list[str | None] = []
    for p in tree.selects:
        if isinstance(p, exp.Star) or (isinstance(p, exp.Column) and p.name == "*"):
            return None
        out.append(p.alias if isinstance(p, exp.Alias) else p.name if isinstance(p, exp.Column) else None)
    return tuple(out)
