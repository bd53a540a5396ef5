"""Stored generated columns in the differ. Postgres 15 cannot alter a generation expression, so a
new expression (or a column that becomes generated) is a ``RegenerateColumn``: dropped and added
again, its values recomputed. A generated column reading a column whose type or collation changes
is dropped before that change and added after it (Postgres refuses to retype a column a
generation expression uses). What reads such a column (indexes, constraints, policies, triggers)
goes with it and comes back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator.diff import changes as ch
from generator.diff.deps import column_references
from generator.model import objects as m

if TYPE_CHECKING:
    from generator.diff.differ import _Differ


def regenerate(differ: "_Differ", a: m.Table, b: m.Table, columns: dict[str, m.Column]) -> set[str]:
    """Append the changes of generated columns that are dropped and added again, taking them out of
    ``columns`` (the old columns still to compare); returns every column whose readers must be
    dropped and created again (those, and columns that stop being generated)."""
    q = b.qname
    retyped = {c.name for c in b.columns if (old := a.column(c.name)) is not None
               and (old.type, old.collation) != (c.type, c.collation)}
    changed = {c.name for c in b.columns if (old := columns.get(c.name)) is not None
               and not differ.same(old.generated, c.generated, q)}
    readers = {c.name for c in b.columns if c.generated is not None and (old := columns.get(c.name)) is not None
               and old.generated is not None and retyped & column_references(old.generated.text)}
    for name in sorted(readers):
        new = b.column(name)
        differ.out += [ch.Drop(columns.pop(name), q), ch.Create(new, q)]
        differ.comment(None, new, q)
    for name in sorted(n for n in changed - readers if b.column(n).generated is not None):
        differ.out.append(ch.RegenerateColumn(columns.pop(name), b.column(name), q))
    return changed | readers
