"""Foreign keys that go with the key they reference.

Postgres refuses to drop a primary key or unique constraint that a foreign key uses. A key that
changes is dropped and added again (a deferrable key, new columns ...), so each foreign key that
references it and that the changes keep is dropped before it and added again after it (the
dependency graph, ``generator.diff.order``, puts them there).
"""

from __future__ import annotations

from generator.diff import changes as ch
from generator.diff.deps import object_id
from generator.model import objects as m


def with_dependent_foreign_keys(changes: list[ch.Change], old: m.Model, new: m.Model) -> list[ch.Change]:
    """``changes`` plus the drop and re-creation of foreign keys whose referenced key is dropped."""
    dropped_keys = [(c.table, set(c.obj.columns)) for c in changes
                    if isinstance(c, ch.Drop) and isinstance(c.obj, (m.PrimaryKey, m.Unique))]
    if not dropped_keys:
        return changes
    touched = {object_id(c.obj, c.table) for c in changes if isinstance(c, (ch.Create, ch.Drop))}
    gone_tables = {c.obj.qname for c in changes if isinstance(c, ch.Drop) and isinstance(c.obj, m.Table)}
    out = list(changes)
    for q, table in sorted(old.tables.items()):
        kept = new.tables.get(q)
        if kept is None or q in gone_tables:
            continue
        for fk in table.constraints:
            if not isinstance(fk, m.ForeignKey) or object_id(fk, q) in touched:
                continue
            if any(fk.ref_table == t and set(fk.ref_columns) == cols for t, cols in dropped_keys):
                now = next((c for c in kept.constraints if isinstance(c, m.ForeignKey) and c.name == fk.name), None)
                out.append(ch.Drop(fk, q))
                if now is not None:
                    out.append(ch.Create(now, q))
                    if now.comment is not None:
                        out.append(ch.SetComment(now, q, None, now.comment))
    return out
