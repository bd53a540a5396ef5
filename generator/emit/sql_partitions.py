"""SQL of partitioned tables and their partitions (registered in ``generator.emit.sql``).

A partition is created ``PARTITION OF`` its parent with its bound, and gets the parent's
constraints, indexes and triggers from Postgres. A partition whose bound (or sub-partitioning)
changes is dropped and created again, the drop after a check that it holds no rows: moving rows
between partitions is the author's job, so the migration stops rather than lose them.
"""

from __future__ import annotations

from generator.emit.quoting import ident, qualified, string
from generator.model import objects as m


def partition_by_sql(key: m.PartitionKey) -> str:
    """`` PARTITION BY RANGE (a, (lower(b)))``."""
    keys = ", ".join(ident(k.column) if k.column else f"({k.expression.text})" for k in key.keys)
    return f" PARTITION BY {key.method.upper()} ({keys})"


def create_partition(p: m.Partition, table: m.QName) -> list[str]:
    sql = f"CREATE TABLE {qualified(table[0], p.name)} PARTITION OF {qualified(table[0], p.parent)} {p.bound}"
    return [sql + (partition_by_sql(p.partition_by) if p.partition_by else "")]


def drop_partition(p: m.Partition, table: m.QName) -> list[str]:
    return [f"DROP TABLE {qualified(table[0], p.name)}"]


def drop_empty_partition(p: m.Partition, table: m.QName) -> list[str]:
    """Drop, if it holds no rows (its sub-partitions' rows included): else the migration stops."""
    name = qualified(table[0], p.name)
    message = string(f"partition {p.name} holds rows: its bound or partitioning changes, so move its rows "
                     "out first (the migration does not move rows between partitions)")
    guard = (f"DO $guard$\nBEGIN\n    IF EXISTS (SELECT FROM {name}) THEN\n"
             f"        RAISE EXCEPTION {message};\n    END IF;\nEND\n$guard$")
    return [guard] + drop_partition(p, table)

