"""Drift: the same differ, between the live database (old) and the spec (new)."""

from __future__ import annotations

import psycopg

from generator.diff import changes as ch
from generator.diff.differ import diff
from generator.diff.oracle import PostgresOracle
from generator.errors import DatabaseError
from generator.introspect.catalog import introspect
from generator.model.objects import Model


def drift(dsn: str, spec: Model) -> list[ch.Change]:
    """What the database behind ``dsn`` needs to match ``spec``; empty when it matches."""
    try:
        with psycopg.connect(dsn, autocommit=True, connect_timeout=10) as conn:
            live = introspect(conn, spec.roles)
            return diff(live, spec, PostgresOracle(conn))
    except psycopg.Error as e:
        raise DatabaseError(str(e).strip()) from e
