"""Drift: the same differ, between the live database (old) and the spec (new)."""

from __future__ import annotations

import psycopg

from generator.diff import changes as ch
from generator.diff.differ import diff
from generator.diff.oracle import PostgresOracle
from generator.errors import DatabaseError
from generator.introspect.catalog import introspect
from generator.model import objects as m
from generator.model.objects import Model


def drift(dsn: str, spec: Model) -> list[ch.Change]:
    """What the database behind ``dsn`` needs to match ``spec``; empty when it matches."""
    try:
        with psycopg.connect(dsn, autocommit=True, connect_timeout=10) as conn:
            live = introspect(conn, spec.roles)
            return diff(live, spec, PostgresOracle(conn))
    except psycopg.Error as e:
        raise DatabaseError(str(e).strip()) from e


def drift_object(change: ch.Change) -> str:
    """The object a change belongs to, for grouping: its table, or the object itself."""
    table = ch.table_of(change)
    if table is not None:
        return f"table {m.qname_text(table)}"
    obj = getattr(change, "obj", None) or change.new
    return f"{ch.object_kind(obj)} {ch.object_name(obj)}"


def group_by_object(changes: list[ch.Change]) -> dict[str, list[ch.Change]]:
    """Changes grouped by object, groups in order of first appearance, changes in run order."""
    groups: dict[str, list[ch.Change]] = {}
    for c in changes:
        groups.setdefault(drift_object(c), []).append(c)
    return groups
