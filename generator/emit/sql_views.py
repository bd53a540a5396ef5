"""SQL of views and materialized views. The query is emitted exactly as the spec wrote it."""

from __future__ import annotations

from generator.emit.quoting import ident, qualified
from generator.model import objects as m


def kind(v: m.View) -> str:
    return "MATERIALIZED VIEW" if v.materialized else "VIEW"


def view_sql(v: m.View, *, replace: bool = False) -> str:
    options = [f"{name} = true" for name in ("security_barrier", "security_invoker") if getattr(v, name)]
    sql = f"CREATE {'OR REPLACE ' if replace else ''}{kind(v)} {qualified(v.schema, v.name)}"
    if options:
        sql += " WITH (" + ", ".join(options) + ")"
    sql += f" AS\n{v.query.text}"
    if v.check_option:
        sql += f"\nWITH {v.check_option.upper()} CHECK OPTION"
    if v.materialized and not v.with_data:
        sql += "\nWITH NO DATA"
    return sql


def create_view(v: m.View, _table) -> list[str]:
    return [view_sql(v)]


def drop_view(v: m.View, _table) -> list[str]:
    return [f"DROP {kind(v)} {qualified(v.schema, v.name)}"]


def replace_view(_old: m.View, new: m.View, _table) -> list[str]:
    """Only when ``new`` keeps the old columns and appends some (see ``generator.diff.views``)."""
    return [view_sql(new, replace=True)]


def comment_target(obj, table: m.QName | None) -> str | None:
    """The COMMENT ON target of a view or of one of its columns (None for other objects)."""
    if isinstance(obj, m.View):
        return f"{kind(obj)} {qualified(obj.schema, obj.name)}"
    if isinstance(obj, m.ViewColumn):
        return f"COLUMN {qualified(*table)}.{ident(obj.name)}"
    return None
