"""Render typed changes as PostgreSQL statements, through ``generator.emit.quoting`` only.

One function per (change, object kind), registered in ``_CREATE``/``_DROP``/``_ALTER``;
adding an object kind means adding its renderers here.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Callable

from generator.diff import changes as ch
from generator.emit import sql_privileges, sql_sequences, sql_types, sql_views
from generator.emit.quoting import default_expr, ident, literal, qualified, role, string
from generator.emit.sql_exclusions import deferrable_sql, exclusion_body
from generator.emit.sql_partitions import create_partition, drop_empty_partition, drop_partition, partition_by_sql
from generator.model import objects as m
from generator.model.types import SERIAL_OF

DEFAULT_EXECUTE = ("public",)  # who may execute a new function: Postgres grants PUBLIC


def render(change: ch.Change) -> list[str]:
    """The statements (without trailing semicolons) that carry out one change."""
    if isinstance(change, ch.Create):
        if change.mode == ch.CONCURRENTLY:
            return _create_index_concurrently(change.obj, change.table)
        statements = _CREATE[type(change.obj)](change.obj, change.table)
        return [s + " NOT VALID" for s in statements] if change.mode == ch.NOT_VALID else statements
    if isinstance(change, ch.Drop):
        if change.mode == ch.CONCURRENTLY:
            return [f"DROP INDEX CONCURRENTLY IF EXISTS {qualified(change.table[0], change.obj.name)}"]
        if change.mode == ch.IF_EMPTY:
            return drop_empty_partition(change.obj, change.table)
        return _DROP[type(change.obj)](change.obj, change.table)
    if isinstance(change, ch.Alter):
        return _ALTER[type(change.new)](change.old, change.new, change.table)
    if isinstance(change, ch.RebuildEnum):
        return _rebuild_enum(change)
    if isinstance(change, ch.Rename):
        return _rename(change)
    if isinstance(change, ch.Validate):
        return [f"ALTER TABLE {tq(change.table)} VALIDATE CONSTRAINT {ident(change.obj.name)}"]
    if isinstance(change, ch.SetNotNull):
        return _set_not_null(change)
    if isinstance(change, ch.ChangeSeed):
        return _change_seed(change)
    if isinstance(change, ch.SetComment):
        target = _comment_target(change.obj, change.table)
        return [f"COMMENT ON {target} IS {string(change.new) if change.new is not None else 'NULL'}"]
    if isinstance(change, ch.SetRls):
        return _rls(change)
    if isinstance(change, ch.SetGrants):
        return _grants(change)
    if isinstance(change, ch.InsertSeed):
        return _seed_rows(change.table, change.table.seed)
    if isinstance(change, ch.SetOwnedBy):
        return sql_sequences.owned_by(change)
    if isinstance(change, ch.RegenerateColumn):
        return sql_sequences.regenerate(change, column_sql, lambda c: render(
            ch.SetComment(c, change.table, None, c.comment))[0])
    raise TypeError(f"no renderer for {change!r}")


def tq(q: m.QName) -> str:
    return qualified(*q)


def _cols(names) -> str:
    return ", ".join(ident(n) for n in names)


# -- create --------------------------------------------------------------------------------------

def column_sql(c: m.Column) -> str:
    type_ = SERIAL_OF[c.type] if c.serial else c.type
    parts = [ident(c.name), type_]
    if c.collation is not None:
        parts.append(f"COLLATE {ident(c.collation)}")
    if c.generated is not None:
        parts.append(f"GENERATED ALWAYS AS ({c.generated.text}) STORED")
    if c.identity:
        parts.append(f"GENERATED {c.identity.upper()} AS IDENTITY{sql_sequences.identity_clause(c)}")
    if c.default is not None:
        parts.append(f"DEFAULT {default_expr(c.default.text)}")
    parts.append("NULL" if c.nullable else "NOT NULL")
    return " ".join(parts)


def constraint_sql(c: m.Constraint) -> str:
    return f"CONSTRAINT {ident(c.name)} {constraint_body(c)}"


def constraint_body(c: m.Constraint) -> str:
    """A constraint's definition without its name: ``PRIMARY KEY (id)``, ``CHECK (...)`` ..."""
    if isinstance(c, m.PrimaryKey):
        return f"PRIMARY KEY ({_cols(c.columns)}){deferrable_sql(c)}"
    if isinstance(c, m.Unique):
        nulls = "" if c.nulls_distinct else " NULLS NOT DISTINCT"
        return f"UNIQUE{nulls} ({_cols(c.columns)}){deferrable_sql(c)}"
    if isinstance(c, m.Exclusion):
        return exclusion_body(c, _index_key)
    if isinstance(c, m.Check):
        return f"CHECK ({c.expression.text})"
    sql = f"FOREIGN KEY ({_cols(c.columns)}) REFERENCES {tq(c.ref_table)} ({_cols(c.ref_columns)})"
    if c.match == "full":
        sql += " MATCH FULL"
    if c.on_update != "no action":
        sql += f" ON UPDATE {c.on_update.upper()}"
    if c.on_delete != "no action":
        sql += f" ON DELETE {c.on_delete.upper()}"
    return sql + deferrable_sql(c)


def _create_table(t: m.Table, _table) -> list[str]:
    lines = [column_sql(c) for c in t.columns]
    lines += [constraint_sql(c) for c in t.constraints if not isinstance(c, m.ForeignKey)]
    partitioned = partition_by_sql(t.partition_by) if t.partition_by else ""
    return [f"CREATE TABLE {tq(t.qname)} (\n    " + ",\n    ".join(lines) + "\n)" + partitioned]


def _index_key(k: m.IndexKey) -> str:
    sql = ident(k.column) if k.column else f"({k.expression.text})"
    if k.opclass:
        sql += f" {k.opclass}"
    if k.descending:
        sql += " DESC"
    if k.nulls_first != k.descending:
        sql += " NULLS FIRST" if k.nulls_first else " NULLS LAST"
    return sql


def _create_index(ix: m.Index, table: m.QName) -> list[str]:
    sql = f"CREATE {'UNIQUE ' if ix.unique else ''}INDEX {ident(ix.name)} ON {tq(table)}"
    if ix.method != "btree":
        sql += f" USING {ix.method}"
    sql += " (" + ", ".join(_index_key(k) for k in ix.keys) + ")"
    if ix.include:
        sql += f" INCLUDE ({_cols(ix.include)})"
    if not ix.nulls_distinct:
        sql += " NULLS NOT DISTINCT"
    if ix.with_params:
        sql += " WITH (" + ", ".join(f"{ident(k)} = {v}" for k, v in ix.with_params) + ")"
    if ix.where is not None:
        sql += f" WHERE ({ix.where.text})"
    return [sql]


def _create_index_concurrently(ix: m.Index, table: m.QName) -> list[str]:
    """Retry-safe: a failed ``CREATE INDEX CONCURRENTLY`` leaves an invalid index behind, so the
    statement pair first drops whatever index has the name, then builds it again."""
    plain = _create_index(ix, table)[0]
    return [f"DROP INDEX CONCURRENTLY IF EXISTS {qualified(table[0], ix.name)}",
            plain.replace(" INDEX ", " INDEX CONCURRENTLY ", 1)]


def _create_trigger(t: m.Trigger, table: m.QName) -> list[str]:
    events = []
    for e in t.events:
        events.append(f"UPDATE OF {_cols(t.update_columns)}" if e == "update" and t.update_columns else e.upper())
    sql = (f"CREATE TRIGGER {ident(t.name)} {t.timing.upper()} {' OR '.join(events)} ON {tq(table)}"
           f" FOR EACH {t.for_each.upper()}")
    if t.when is not None:
        sql += f" WHEN ({t.when.text})"
    args = ", ".join(string(a) for a in t.args)
    return [sql + f" EXECUTE FUNCTION {tq(t.function)}({args})"]


def _create_policy(p: m.Policy, table: m.QName) -> list[str]:
    sql = (f"CREATE POLICY {ident(p.name)} ON {tq(table)} AS {'PERMISSIVE' if p.permissive else 'RESTRICTIVE'}"
           f" FOR {p.command.upper()} TO {', '.join(role(r) for r in p.roles)}")
    if p.using is not None:
        sql += f" USING ({p.using.text})"
    if p.with_check is not None:
        sql += f" WITH CHECK ({p.with_check.text})"
    return [sql]


def _function_sql(f: m.Function, *, replace: bool) -> str:
    args = ", ".join(" ".join(filter(None, [a.mode.upper() if a.mode != "in" else "", ident(a.name) if a.name else "",
                                            a.type, f"DEFAULT {a.default.text}" if a.default else ""]))
                     for a in f.args)
    tag = "$fn$"
    while tag in f.body:
        tag = tag[:-1] + "_$"
    lines = [f"CREATE {'OR REPLACE ' if replace else ''}FUNCTION {qualified(f.schema, f.name)}({args})"
             f" RETURNS {f.returns}",
             f"    LANGUAGE {f.language} {f.volatility.upper()}"]
    if f.strict:
        lines.append("    STRICT")
    if f.leakproof:
        lines.append("    LEAKPROOF")
    if f.parallel != "unsafe":
        lines.append(f"    PARALLEL {f.parallel.upper()}")
    if f.cost is not None:
        lines.append(f"    COST {f.cost}")
    if f.rows is not None:
        lines.append(f"    ROWS {f.rows}")
    if f.security_definer:
        lines.append("    SECURITY DEFINER")
    if f.search_path is not None:
        lines.append(f"    SET search_path TO {', '.join(ident(s.strip()) for s in f.search_path.split(','))}")
    lines.append(f"    AS {tag}\n{f.body}\n{tag}")
    return "\n".join(lines)


def _create_role(r: m.Role, _table) -> list[str]:
    login = "LOGIN" if r.login else "NOLOGIN"
    return ["DO $role$\nBEGIN\n"
            f"    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = {string(r.name)}) THEN\n"
            f"        CREATE ROLE {ident(r.name)} {login};\n"
            "    END IF;\nEND\n$role$"]


def _create_extension(e: m.Extension, _table) -> list[str]:
    schema = f" WITH SCHEMA {ident(e.schema)}" if e.schema else ""
    return [f"CREATE EXTENSION IF NOT EXISTS {ident(e.name)}{schema}"]


_CREATE: dict[type, Callable[[Any, Any], list[str]]] = {
    m.Schema: lambda s, _t: [f"CREATE SCHEMA {ident(s.name)}"],
    m.Extension: _create_extension,
    m.Role: _create_role,
    m.Enum: lambda e, _t: [f"CREATE TYPE {qualified(e.schema, e.name)} AS ENUM ("
                           + ", ".join(string(v) for v in e.values) + ")"],
    m.Function: lambda f, _t: [_function_sql(f, replace=False)] + _execute_grants(f, DEFAULT_EXECUTE, f.grants)
    + _public_execute(f),
    m.Table: _create_table,
    m.Domain: sql_types.create_domain,
    m.CompositeType: sql_types.create_composite,
    m.Column: lambda c, t: [f"ALTER TABLE {tq(t)} ADD COLUMN {column_sql(c)}"],
    m.Index: _create_index,
    m.Trigger: _create_trigger,
    m.Policy: _create_policy,
    m.View: sql_views.create_view,
    m.Partition: create_partition,
    m.Sequence: sql_sequences.create,
    m.SchemaGrant: sql_privileges.create,
    m.DefaultPrivilege: sql_privileges.create,
    **{k: (lambda c, t: [f"ALTER TABLE {tq(t)} ADD {constraint_sql(c)}"])
       for k in (m.PrimaryKey, m.Unique, m.Check, m.ForeignKey, m.Exclusion)},
}

# -- drop ----------------------------------------------------------------------------------------

_DROP: dict[type, Callable[[Any, Any], list[str]]] = {
    m.Schema: lambda s, _t: [f"DROP SCHEMA {ident(s.name)}"],
    m.Extension: lambda e, _t: [f"DROP EXTENSION {ident(e.name)}"],
    m.Role: lambda r, _t: [f"DROP ROLE {ident(r.name)}"],
    m.Enum: lambda e, _t: [f"DROP TYPE {qualified(e.schema, e.name)}"],
    m.Function: lambda f, _t: [f"DROP FUNCTION {_signature_sql(f)}"],
    m.Table: lambda t, _t: [f"DROP TABLE {tq(t.qname)}"],
    m.Domain: sql_types.drop_domain,
    m.CompositeType: sql_types.drop_composite,
    m.Column: lambda c, t: [f"ALTER TABLE {tq(t)} DROP COLUMN {ident(c.name)}"],
    m.Index: lambda i, t: [f"DROP INDEX {qualified(t[0], i.name)}"],
    m.Trigger: lambda x, t: [f"DROP TRIGGER {ident(x.name)} ON {tq(t)}"],
    m.Policy: lambda p, t: [f"DROP POLICY {ident(p.name)} ON {tq(t)}"],
    m.View: sql_views.drop_view,
    m.Partition: drop_partition,
    m.Sequence: sql_sequences.drop,
    m.SchemaGrant: sql_privileges.drop,
    m.DefaultPrivilege: sql_privileges.drop,
    **{k: (lambda c, t: [f"ALTER TABLE {tq(t)} DROP CONSTRAINT {ident(c.name)}"])
       for k in (m.PrimaryKey, m.Unique, m.Check, m.ForeignKey, m.Exclusion)},
}

# -- alter ---------------------------------------------------------------------------------------


def _alter_column(a: m.Column, b: m.Column, table: m.QName) -> list[str]:
    """A default that goes or changes with the type is dropped first and set after: Postgres would
    otherwise cast the old default to the new type (and refuse when it cannot), or refuse an
    identity on a column that still has a default. A serial column that stops being serial loses
    its sequence, and one that changes type changes its sequence's type too. A column that becomes
    identity or serial numbers new rows after the largest value it holds (its sequence would
    otherwise start at 1 and collide)."""
    head = f"ALTER TABLE {tq(table)} ALTER COLUMN {ident(b.name)}"
    sequence = _serial_sequence(table, b.name)
    out = []
    retype = a.type != b.type
    changed = a.default != b.default or a.serial != b.serial
    clear = (a.default is not None or a.serial) and (retype or a.serial and not b.serial
                                                     or changed and b.default is None and not b.serial)
    if clear:
        out.append(f"{head} DROP DEFAULT")
    if a.serial and not b.serial:
        out.append(f"DROP SEQUENCE {sequence}")
    if a.generated is not None and b.generated is None:
        out.append(f"{head} DROP EXPRESSION")
    if retype or a.collation != b.collation:
        collate = f" COLLATE {ident(b.collation or 'default')}" if b.collation or a.collation else ""
        out.append(f"{head} TYPE {b.type}{collate}" + (f" USING {b.using.text}" if b.using is not None else ""))
        if a.serial and b.serial:
            out.append(f"ALTER SEQUENCE {sequence} AS {b.type}")
    if a.nullable and not b.nullable:  # an identity needs NOT NULL first
        out.append(f"{head} SET NOT NULL")
    if a.identity != b.identity:
        out.append(f"{head} DROP IDENTITY" if b.identity is None else
                   f"{head} ADD GENERATED {b.identity.upper()} AS IDENTITY{sql_sequences.identity_clause(b)}"
                   if a.identity is None else f"{head} SET GENERATED {b.identity.upper()}")
    if a.identity and b.identity and sql_sequences.identity_changes(a, b):
        out.append(head + sql_sequences.identity_changes(a, b))
    if b.serial and not a.serial:
        out.append(f"CREATE SEQUENCE {sequence} AS {b.type} OWNED BY {tq(table)}.{ident(b.name)}")
    if retype or changed:
        if b.default is not None:
            out.append(f"{head} SET DEFAULT {b.default.text}")
        elif b.serial:
            out.append(f"{head} SET DEFAULT nextval({string(sequence)}::regclass)")
    if b.identity and not a.identity or b.serial and not a.serial:
        out.append(_restart_after_max(table, b.name))
    if b.nullable and not a.nullable:
        out.append(f"{head} DROP NOT NULL")
    return out


def _alter_enum(a: m.Enum, b: m.Enum, _t) -> list[str]:
    """New values are added in place, each after its predecessor (removals are a ``RebuildEnum``)."""
    name = qualified(b.schema, b.name)
    out = []
    for i, v in enumerate(b.values):
        if v not in a.values:
            where = (f" AFTER {string(b.values[i - 1])}" if i else
                     f" BEFORE {string(b.values[1])}" if len(b.values) > 1 else "")
            out.append(f"ALTER TYPE {name} ADD VALUE {string(v)}{where}")
    return out


def _alter_function(a: m.Function, b: m.Function, _t) -> list[str]:
    """Only for changes ``CREATE OR REPLACE`` allows (the differ drops and creates the others)."""
    if replace(a, grants=b.grants) == b:
        return _execute_grants(b, a.grants, b.grants)
    return [_function_sql(b, replace=True)] + _execute_grants(b, a.grants, b.grants)


def _signature_sql(f: m.Function) -> str:
    return f"{qualified(f.schema, f.name)}(" + ", ".join(a.type for a in f.args if a.mode != "out") + ")"


def _execute_grants(f: m.Function, had: tuple[str, ...], has: tuple[str, ...]) -> list[str]:
    """Who may call ``f``: a new function starts with Postgres's default (PUBLIC); every role
    not in ``has`` loses EXECUTE, every role in it gains it."""
    target = _signature_sql(f)
    return ([f"REVOKE EXECUTE ON FUNCTION {target} FROM {role(r)}" for r in sorted(set(had) - set(has))]
            + [f"GRANT EXECUTE ON FUNCTION {target} TO {role(r)}" for r in sorted(set(has) - set(had))])


def _public_execute(f: m.Function) -> list[str]:
    """PUBLIC's EXECUTE said explicitly: default privileges may have taken it from new functions."""
    return [f"GRANT EXECUTE ON FUNCTION {_signature_sql(f)} TO public"] if "public" in f.grants else []


def _rebuild_enum(c: ch.RebuildEnum) -> list[str]:
    """Rename the old type aside, create the new one, convert each column through text (a row holding
    a removed value makes the migration fail, losing nothing), drop the old type."""
    name = qualified(c.new.schema, c.new.name)
    aside = f"{c.old.name}__pgspec_old"
    out = [f"ALTER TYPE {name} RENAME TO {ident(aside)}"] + _CREATE[m.Enum](c.new, None)
    for table, col in c.columns:
        head = f"ALTER TABLE {tq(table)} ALTER COLUMN {ident(col.name)}"
        array = "[]" if col.type.endswith("[]") else ""
        if col.default is not None:
            out.append(f"{head} DROP DEFAULT")
        out.append(f"{head} TYPE {name}{array} USING {ident(col.name)}::text{array}::{name}{array}")
        if col.default is not None:
            out.append(f"{head} SET DEFAULT {col.default.text}")
    return out + [f"DROP TYPE {qualified(c.new.schema, aside)}"]


_ALTER: dict[type, Callable[[Any, Any, Any], list[str]]] = {
    m.Column: _alter_column,
    m.Enum: _alter_enum,
    m.Domain: sql_types.alter_domain,
    m.CompositeType: sql_types.alter_composite,
    m.Function: _alter_function,
    m.SchemaGrant: sql_privileges.alter,
    m.DefaultPrivilege: sql_privileges.alter,
    m.Role: lambda a, b, _t: [f"ALTER ROLE {ident(b.name)} {'LOGIN' if b.login else 'NOLOGIN'}"],
    m.ForeignKey: lambda a, b, t: [f"ALTER TABLE {tq(t)} ALTER CONSTRAINT {ident(b.name)} "
                                   + (deferrable_sql(b).lstrip() or "NOT DEFERRABLE")],
    m.Sequence: sql_sequences.alter,
    m.View: sql_views.replace_view,
}

# -- rename and online steps ---------------------------------------------------------------------


def _serial_sequence(table: m.QName, column: str) -> str:
    return qualified(table[0], f"{table[1]}_{column}_seq")


def _rename(c: ch.Rename) -> list[str]:
    """Rename in place; sequences of serial columns follow, as they are named after table and column."""
    obj = c.obj
    if isinstance(obj, m.Table):
        old_q, new_q = (obj.schema, c.old), (obj.schema, c.new)
        return [f"ALTER TABLE {tq(old_q)} RENAME TO {ident(c.new)}"] + [
            f"ALTER SEQUENCE {_serial_sequence(old_q, col.name)} RENAME TO {ident(f'{c.new}_{col.name}_seq')}"
            for col in obj.columns if col.serial]
    if isinstance(obj, m.Column):
        out = [f"ALTER TABLE {tq(c.table)} RENAME COLUMN {ident(c.old)} TO {ident(c.new)}"]
        if obj.serial:
            out.append(f"ALTER SEQUENCE {_serial_sequence(c.table, c.old)} RENAME TO "
                       f"{ident(f'{c.table[1]}_{c.new}_seq')}")
        return out
    if isinstance(obj, m.Index):
        return [f"ALTER INDEX {qualified(c.table[0], c.old)} RENAME TO {ident(c.new)}"]
    if isinstance(obj, (m.Trigger, m.Policy)):
        return [f"ALTER {type(obj).__name__.upper()} {ident(c.old)} ON {tq(c.table)} RENAME TO {ident(c.new)}"]
    return [f"ALTER TABLE {tq(c.table)} RENAME CONSTRAINT {ident(c.old)} TO {ident(c.new)}"]


def _set_not_null(c: ch.SetNotNull) -> list[str]:
    """On: a CHECK added NOT VALID, validated without blocking writes, lets SET NOT NULL skip its
    full-table scan under the exclusive lock; the CHECK is dropped after. Each statement is safe to
    run again."""
    head = f"ALTER TABLE {tq(c.table)}"
    if not c.on:
        return [f"{head} ALTER COLUMN {ident(c.column)} DROP NOT NULL"]
    check = ident(c.check_name)
    return [f"{head} DROP CONSTRAINT IF EXISTS {check}",
            f"{head} ADD CONSTRAINT {check} CHECK ({ident(c.column)} IS NOT NULL) NOT VALID",
            f"{head} VALIDATE CONSTRAINT {check}",
            f"{head} ALTER COLUMN {ident(c.column)} SET NOT NULL",
            f"{head} DROP CONSTRAINT {check}"]


def _restart_after_max(table: m.QName, column: str) -> str:
    """The column's sequence gives the value after the largest the column holds (1 when empty)."""
    return (f"SELECT setval(pg_get_serial_sequence({string(tq(table))}, {string(column)}), "
            f"coalesce(max({ident(column)}), 0) + 1, false) FROM {tq(table)}")


def _seed_rows(t: m.Table, rows: tuple[dict, ...]) -> list[str]:
    """Insert seed rows; a serial or identity column they fill numbers later rows after them."""
    numbered = [c.name for c in t.columns if (c.serial or c.identity) and any(c.name in r for r in rows)]
    return [_seed_row(t, row) for row in rows] + [_restart_after_max(t.qname, c) for c in numbered]


def _row_match(t: m.Table, row: dict) -> str:
    pk = next((c.columns for c in t.constraints if isinstance(c, m.PrimaryKey)), None) or tuple(row)
    return " AND ".join(f"{ident(k)} IS NULL" if row.get(k) is None else
                        f"{ident(k)} = {literal(row[k], t.column(k).type)}" for k in pk)


def _change_seed(c: ch.ChangeSeed) -> list[str]:
    t = c.table
    out = [f"DELETE FROM {tq(t.qname)} WHERE {_row_match(t, row)}" for row in c.delete]
    for old, new in c.update:
        sets = ", ".join(f"{ident(k)} = " + ("NULL" if new.get(k) is None else literal(new[k], t.column(k).type))
                         for k in sorted(set(old) | set(new)) if old.get(k) != new.get(k))
        out.append(f"UPDATE {tq(t.qname)} SET {sets} WHERE {_row_match(t, old)}")
    return out + _seed_rows(t, c.insert)


# -- properties ----------------------------------------------------------------------------------


def _comment_target(obj: Any, table: m.QName | None) -> str:
    if (view_target := sql_views.comment_target(obj, table)) is not None:
        return view_target
    if isinstance(obj, m.Column):
        return f"COLUMN {tq(table)}.{ident(obj.name)}"
    if isinstance(obj, (m.PrimaryKey, m.Unique, m.Check, m.ForeignKey, m.Exclusion)):
        return f"CONSTRAINT {ident(obj.name)} ON {tq(table)}"
    if isinstance(obj, (m.Trigger, m.Policy)):
        return f"{type(obj).__name__.upper()} {ident(obj.name)} ON {tq(table)}"
    if isinstance(obj, m.Index):
        return f"INDEX {qualified(table[0], obj.name)}"
    if isinstance(obj, m.Table):
        return f"TABLE {tq(obj.qname)}"
    if isinstance(obj, m.Partition):
        return f"TABLE {qualified(table[0], obj.name)}"
    if isinstance(obj, m.Function):
        return f"FUNCTION {qualified(obj.schema, obj.name)}(" + ", ".join(
            a.type for a in obj.args if a.mode != "out") + ")"
    if isinstance(obj, m.Enum):
        return f"TYPE {qualified(obj.schema, obj.name)}"
    if sql_types.comment_target(obj):
        return sql_types.comment_target(obj)
    if isinstance(obj, m.Sequence):
        return f"SEQUENCE {qualified(obj.schema, obj.name)}"
    return f"{type(obj).__name__.upper()} {ident(obj.name)}"


def _rls(c: ch.SetRls) -> list[str]:
    out = []
    if c.old[0] != c.new[0]:
        out.append(f"ALTER TABLE {tq(c.table)} {'ENABLE' if c.new[0] else 'DISABLE'} ROW LEVEL SECURITY")
    if c.old[1] != c.new[1]:
        out.append(f"ALTER TABLE {tq(c.table)} {'FORCE' if c.new[1] else 'NO FORCE'} ROW LEVEL SECURITY")
    return out


def _grants(c: ch.SetGrants) -> list[str]:
    grantee = role(c.role)
    out = []
    if c.grant:
        out.append(f"GRANT {', '.join(p.upper() for p in c.grant)} ON TABLE {tq(c.table)} TO {grantee}")
        if "insert" in c.grant:
            out += [f"GRANT USAGE ON SEQUENCE {qualified(c.table[0], s)} TO {grantee}" for s in c.serial_sequences]
    if c.revoke:
        out.append(f"REVOKE {', '.join(p.upper() for p in c.revoke)} ON TABLE {tq(c.table)} FROM {grantee}")
        if "insert" in c.revoke:
            out += [f"REVOKE USAGE ON SEQUENCE {qualified(c.table[0], s)} FROM {grantee}" for s in c.serial_sequences]
    return out


def _seed_row(t: m.Table, row: dict) -> str:
    names = list(row)
    values = ", ".join("NULL" if row[n] is None else literal(row[n], t.column(n).type) for n in names)
    return f"INSERT INTO {tq(t.qname)} ({_cols(names)}) VALUES ({values}) ON CONFLICT DO NOTHING"
