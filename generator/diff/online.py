"""Lock-aware migrations: on tables that already hold rows, split out the steps that would block
writes for the length of a full scan, and do them the way Postgres allows without that lock.

- A new index on an existing table is built ``CONCURRENTLY``, which cannot run in a transaction.
- A new foreign key or CHECK on an existing table is added ``NOT VALID`` (a short lock, no scan)
  in the migration's transaction, then ``VALIDATE``d afterwards (scans without blocking writes).
- ``SET NOT NULL`` on an existing column is proven first by a CHECK validated the same way, so the
  exclusive lock it takes is short.

The second group goes to a migration of its own that runs outside a transaction, right after
the first; each of its statements can run again after a failure (``generator.emit.sql``).
"""

from __future__ import annotations

from dataclasses import replace

from generator.diff import changes as ch
from generator.diff.deps import object_id
from generator.model import objects as m


def split_online(changes: list[ch.Change], partitioned: frozenset[m.QName] = frozenset()
                 ) -> tuple[list[ch.Change], list[ch.Change]]:
    """(changes for the transaction, changes for the online step after it), each in order. Postgres
    15 builds no index ``CONCURRENTLY`` and adds no foreign key ``NOT VALID`` on a ``partitioned``
    table: every step on one stays plain, in the transaction."""
    new_tables = {c.obj.qname for c in changes if isinstance(c, ch.Create) and isinstance(c.obj, m.Table)}
    new_tables |= partitioned
    tx: list[ch.Change] = []
    online: list[ch.Change] = []
    built_online: set = set()
    for c in changes:
        existing = getattr(c, "table", None) is not None and c.table not in new_tables
        if isinstance(c, ch.Create) and existing and isinstance(c.obj, m.Index):
            online.append(replace(c, mode=ch.CONCURRENTLY))
            built_online.add(object_id(c.obj, c.table))
        elif isinstance(c, ch.Create) and existing and isinstance(c.obj, (m.ForeignKey, m.Check)):
            tx.append(replace(c, mode=ch.NOT_VALID))
            online.append(ch.Validate(c.obj, c.table))
        elif (isinstance(c, ch.Alter) and existing and isinstance(c.new, m.Column)
              and c.old.nullable and not c.new.nullable):
            if replace(c.old, nullable=False) != c.new:
                tx.append(replace(c, new=replace(c.new, nullable=True)))
            online.append(ch.SetNotNull(c.table, c.new.name))
        elif isinstance(c, ch.SetComment) and object_id(c.obj, c.table) in built_online:
            online.append(c)
        else:
            tx.append(c)
    return tx, online
