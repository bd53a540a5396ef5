"""Foreign keys whose only change is when they are checked are altered in place.

``ALTER TABLE ... ALTER CONSTRAINT fk [NOT] DEFERRABLE INITIALLY ...`` changes only that (in
PostgreSQL 15, for foreign keys alone), so the rows are not checked again; any other change to a
constraint is a drop and an add (``generator.diff.differ``). A foreign key whose referenced key is
dropped goes with it (``generator.diff.key_dependents``) and is left as it is here.
"""

from __future__ import annotations

from dataclasses import replace

from generator.diff import changes as ch
from generator.model import objects as m


def deferral_only(a: m.ForeignKey, b: m.ForeignKey) -> bool:
    """Whether ``b`` differs from ``a`` in ``deferrable``/``initially_deferred`` (and comment) only."""
    return (a.deferrable, a.initially_deferred) != (b.deferrable, b.initially_deferred) and replace(
        a, deferrable=b.deferrable, initially_deferred=b.initially_deferred, comment=b.comment) == b


def alter_deferral_in_place(changes: list[ch.Change]) -> list[ch.Change]:
    """``changes`` with each such drop-and-add of a foreign key made one ``Alter``."""
    dropped_keys = {(c.table, frozenset(c.obj.columns)) for c in changes
                    if isinstance(c, ch.Drop) and isinstance(c.obj, (m.PrimaryKey, m.Unique))}
    created = {(c.table, c.obj.name): c.obj for c in changes
               if isinstance(c, ch.Create) and isinstance(c.obj, m.ForeignKey)}
    altered: dict[tuple, m.ForeignKey] = {}
    for c in changes:
        if isinstance(c, ch.Drop) and isinstance(c.obj, m.ForeignKey):
            b = created.get((c.table, c.obj.name))
            if b is not None and deferral_only(c.obj, b) and (b.ref_table, frozenset(b.ref_columns)) not in dropped_keys:
                altered[(c.table, c.obj.name)] = c.obj
    if not altered:
        return changes
    out = []
    for c in changes:
        key = (c.table, c.obj.name) if isinstance(c, (ch.Drop, ch.Create, ch.SetComment)) and isinstance(
            c.obj, m.ForeignKey) else None
        if key not in altered:
            out.append(c)
        elif isinstance(c, ch.Drop):  # the Create and the comment it set are replaced by these
            b = created[key]
            out.append(ch.Alter(c.obj, b, c.table))
            if c.obj.comment != b.comment:
                out.append(ch.SetComment(b, c.table, c.obj.comment, b.comment))
    return out
