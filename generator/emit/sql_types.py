"""SQL of domains and composite types (registered in ``generator.emit.sql``).

A new domain check is added plainly, not ``NOT VALID`` and validated in a second step as table
checks are: ``ALTER DOMAIN ... VALIDATE CONSTRAINT`` scans the columns of the domain under the
same SHARE lock as ``ADD CONSTRAINT`` does, so the split would not shorten any lock. A check
that only changes its name is renamed. The comments of checks and attributes are part of the
object's statements (they are not objects of their own in the model).
"""

from __future__ import annotations

from generator.emit.quoting import default_expr, ident, qualified, string
from generator.model import objects as m


def _name(t) -> str:
    return qualified(t.schema, t.name)


def _comment(target: str, text: str | None) -> str:
    return f"COMMENT ON {target} IS {string(text) if text is not None else 'NULL'}"


def _check_comment(d: m.Domain, c: m.DomainCheck) -> str:
    return _comment(f"CONSTRAINT {ident(c.name)} ON DOMAIN {_name(d)}", c.comment)


def create_domain(d: m.Domain, _table=None) -> list[str]:
    sql = f"CREATE DOMAIN {_name(d)} AS {d.type}"
    if d.collation:
        sql += f" COLLATE {ident(d.collation)}"
    if d.default is not None:
        sql += f" DEFAULT {default_expr(d.default.text)}"
    if not d.nullable:
        sql += " NOT NULL"
    sql += "".join(f"\n    CONSTRAINT {ident(c.name)} CHECK ({c.expression.text})" for c in d.checks)
    return [sql] + [_check_comment(d, c) for c in d.checks if c.comment is not None]


def drop_domain(d: m.Domain, _table=None) -> list[str]:
    return [f"DROP DOMAIN {_name(d)}"]


def alter_domain(a: m.Domain, b: m.Domain, _table=None) -> list[str]:
    """Default, NOT NULL and checks; a base type or collation change is a rebuild (``diff.types_diff``)."""
    head = f"ALTER DOMAIN {_name(b)}"
    out = []
    if a.default != b.default:
        out.append(f"{head} SET DEFAULT {b.default.text}" if b.default is not None else f"{head} DROP DEFAULT")
    if a.nullable != b.nullable:
        out.append(f"{head} {'DROP' if b.nullable else 'SET'} NOT NULL")
    old = {c.name: c for c in a.checks}
    new = {c.name: c for c in b.checks}
    gone = [c for n, c in old.items() if n not in new or new[n].expression != c.expression]
    added = [c for n, c in new.items() if n not in old or old[n].expression != c.expression]
    renamed = {}
    for c in gone:
        match = [x for x in added if x.expression == c.expression and x.name not in renamed.values()]
        if len(match) == 1 and c.name not in new:
            renamed[c.name] = match[0].name
    for c in gone:
        if c.name in renamed:
            out.append(f"{head} RENAME CONSTRAINT {ident(c.name)} TO {ident(renamed[c.name])}")
        else:
            out.append(f"{head} DROP CONSTRAINT {ident(c.name)}")
    for c in added:
        if c.name not in renamed.values():
            out.append(f"{head} ADD CONSTRAINT {ident(c.name)} CHECK ({c.expression.text})")
    was = {n: o for o, n in renamed.items()}
    for c in b.checks:
        before = old[was[c.name]] if c.name in was else None if c in added else old.get(c.name)
        if (before.comment if before is not None else None) != c.comment:
            out.append(_check_comment(b, c))
    return out


def create_composite(t: m.CompositeType, _table=None) -> list[str]:
    attributes = ",\n    ".join(f"{ident(a.name)} {a.type}" for a in t.attributes)
    return [f"CREATE TYPE {_name(t)} AS (\n    {attributes}\n)"] + [
        _comment(f"COLUMN {_name(t)}.{ident(a.name)}", a.comment) for a in t.attributes if a.comment is not None]


def drop_composite(t: m.CompositeType, _table=None) -> list[str]:
    return [f"DROP TYPE {_name(t)}"]


def alter_composite(a: m.CompositeType, b: m.CompositeType, _table=None) -> list[str]:
    """Attributes dropped, given a new type, added at the end (a new order is a rebuild)."""
    head = f"ALTER TYPE {_name(b)}"
    old = {x.name: x for x in a.attributes}
    new = {x.name: x for x in b.attributes}
    out = [f"{head} DROP ATTRIBUTE {ident(n)}" for n in old if n not in new]
    out += [f"{head} ALTER ATTRIBUTE {ident(n)} TYPE {x.type}" for n, x in new.items()
            if n in old and old[n].type != x.type]
    out += [f"{head} ADD ATTRIBUTE {ident(n)} {x.type}" for n, x in new.items() if n not in old]
    out += [_comment(f"COLUMN {_name(b)}.{ident(n)}", x.comment) for n, x in new.items()
            if (old[n].comment if n in old else None) != x.comment]
    return out


def comment_target(obj) -> str | None:
    if isinstance(obj, m.Domain):
        return f"DOMAIN {_name(obj)}"
    if isinstance(obj, m.CompositeType):
        return f"TYPE {_name(obj)}"
    return None
