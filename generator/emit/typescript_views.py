"""The ``Views`` of a schema in ``types.ts``: a ``Row`` per view (its declared column types,
``| null`` unless declared ``nullable: false``) and no ``Relationships``, as supabase-js reads them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from generator.emit.typescript import Prop, _Emitter


@dataclass(frozen=True)
class TsView:
    key: str
    doc: str | None
    row: list["Prop"]


def ts_views(emitter: "_Emitter", schema: str) -> list[TsView]:
    from generator.emit.typescript import Prop, _order, key

    out = []
    for v in sorted((v for v in emitter.model.views.values() if v.schema == schema), key=lambda v: _order(v.name)):
        row = []
        for c in sorted(v.columns, key=lambda c: _order(c.name)):
            ts = emitter.pg_type(c.type)
            doc = "\n\n".join(filter(None, [c.comment, "Sensitive: holds a secret." if c.sensitive else None]))
            row.append(Prop(key(c.name), f"{ts} | null" if c.nullable else ts, doc=doc or None))
        out.append(TsView(key(v.name), v.comment, row))
    return out
