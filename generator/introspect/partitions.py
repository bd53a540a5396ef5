"""Catalog rows of ``queries/partitions.sql`` → each partitioned table's key and partitions.

Partitions are not tables of the model: what Postgres copies onto them from their parent
(columns, constraints with ``conparentid``, indexes attached to the parent's, cloned triggers)
is the parent's, so the reader leaves their own rows out and lists them under the root table,
each after its parent, siblings by name, bounds in canonical form.
"""

from __future__ import annotations

import re
from dataclasses import replace

from generator.model import objects as m
from generator.model.expr import Expr
from generator.model.partitions import canonical

_PLAIN = re.compile(r'[a-z_][a-z0-9_$]*|"(?:[^"]|"")+"')


def partition_key(text: str) -> m.PartitionKey:
    """``pg_get_partkeydef`` text (``RANGE (a, lower(b))``) → key."""
    method, _, inner = text.partition(" ")
    keys = []
    for item in _split(inner.strip()[1:-1]):
        if _PLAIN.fullmatch(item):
            keys.append(m.IndexKey(column=item[1:-1].replace('""', '"') if item.startswith('"') else item))
        else:
            keys.append(m.IndexKey(expression=Expr(item[1:-1] if _wrapped(item) else item)))
    return m.PartitionKey(method.lower(), tuple(keys))


def attach(model: m.Model, rows: list[dict]) -> None:
    """Give the model's tables their partition key and partitions."""
    by_parent: dict[tuple[str, str], list[dict]] = {}
    keys = {}
    for r in rows:
        if r["key"]:
            keys[(r["schema"], r["name"])] = partition_key(r["key"])
        if r["is_partition"]:
            by_parent.setdefault((r["schema"], r["parent"]), []).append(r)
    for q, table in list(model.tables.items()):
        if q not in keys:
            continue
        out: list[m.Partition] = []

        def walk(parent: str, key: m.PartitionKey) -> None:
            types = tuple(c.type if k.column and (c := table.column(k.column)) else None for k in key.keys)
            for r in sorted(by_parent.get((q[0], parent), ()), key=lambda r: r["name"]):
                sub = keys.get((q[0], r["name"]))
                out.append(m.Partition(r["name"], parent, canonical(r["bound"], types), sub, r["comment"]))
                if sub is not None:
                    walk(r["name"], sub)

        walk(q[1], keys[q])
        model.tables[q] = replace(table, partition_by=keys[q], partitions=tuple(out))


def _split(text: str) -> list[str]:
    """Items separated by commas outside parentheses and quotes."""
    items, depth, start, quote = [], 0, 0, None
    for i, ch in enumerate(text):
        if quote:
            quote = None if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "," and depth == 0:
            items.append(text[start:i].strip())
            start = i + 1
    return items + [text[start:].strip()]


def _wrapped(item: str) -> bool:
    """Whether the outer parentheses enclose the whole item: ``(a + 1)``, not ``(a) + (b)``."""
    if not (item.startswith("(") and item.endswith(")")):
        return False
    depth = 0
    for i, ch in enumerate(item):
        depth += ch == "("
        depth -= ch == ")"
        if depth == 0 and i < len(item) - 1:
            return False
    return True
