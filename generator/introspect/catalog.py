"""pg_catalog → model. One query per object kind (``queries/*.sql``), whatever the table count.

The reader undoes what Postgres does to what the spec wrote, so that a database built from a
spec reads back as that spec's model: ``serial`` is recognised from its owned sequence and
``nextval`` default, extension schemas default to ``public``, function bodies lose the blank
lines around them, index keys get their default NULLS order. Expressions are kept as Postgres
prints them; ``generator.model.expr`` decides whether they equal the spec's.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import replace
from functools import lru_cache
from importlib import resources
from typing import Iterable

import psycopg
from psycopg.rows import dict_row

from generator.introspect import partitions, privileges
from generator.introspect.catalog_types import read_types
from generator.introspect.views import read_views
from generator.model import normalize
from generator.model import objects as m
from generator.model.expr import Expr, split_list
from generator.model.sequences import non_default, serial_sequences
from generator.model.types import canonical_type

KINDS = ("schemas", "extensions", "roles", "enums", "functions", "tables", "grants", "constraints",
         "indexes", "triggers", "policies", "exclusions", "partitions", "domains", "composites", "sequences",
         "schema_grants", "default_privileges", "views")
_ACTIONS = {"a": "no action", "r": "restrict", "c": "cascade", "n": "set null", "d": "set default"}
_COMMANDS = {"*": "all", "r": "select", "a": "insert", "w": "update", "d": "delete"}
_VOLATILITY = {"v": "volatile", "s": "stable", "i": "immutable"}
_PARALLEL = {"u": "unsafe", "r": "restricted", "s": "safe"}
_MODES = {"i": "in", "o": "out", "b": "inout", "v": "variadic", "t": "out"}


@lru_cache(maxsize=None)
def query(kind: str) -> str:
    return resources.files("generator.introspect").joinpath("queries", f"{kind}.sql").read_text()


def fetch(conn: psycopg.Connection, roles: Iterable[str] = ()) -> dict[str, list[dict]]:
    """Run every catalog query in one read-only snapshot; returns rows per kind."""
    out = {}
    with conn.transaction(), conn.cursor(row_factory=dict_row) as cur:
        cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cur.execute("SET LOCAL search_path TO public")
        for kind in KINDS:
            if kind == "partitions":  # time bounds print in the session's time zone
                cur.execute("SET LOCAL TimeZone TO 'UTC'")
            cur.execute(query(kind), {"roles": sorted(roles)} if kind == "roles" else None)
            out[kind] = cur.fetchall()
    return out


def introspect(conn: psycopg.Connection, roles: Iterable[str] = ()) -> m.Model:
    """The model of the database behind ``conn`` (``roles``: role names to look up as well)."""
    return build(fetch(conn, roles))


def build(rows: dict[str, list[dict]]) -> m.Model:
    """Catalog rows → model."""
    model = m.Model()
    for r in rows["schemas"]:
        model.schemas[r["name"]] = m.Schema(r["name"], r["comment"])
    for r in rows["extensions"]:
        model.extensions[r["name"]] = m.Extension(r["name"], normalize.extension_schema(r["schema"]))
    for r in rows["roles"]:
        model.roles[r["name"]] = m.Role(r["name"], r["login"], r["comment"])
    for r in rows["enums"]:
        model.enums[(r["schema"], r["name"])] = m.Enum(r["schema"], r["name"], tuple(r["values"]), r["comment"])
    for r in rows["functions"]:
        fn = _function(r)
        model.functions[fn.signature] = fn
    _tables(model, rows)
    partitions.attach(model, rows.get("partitions", ()))
    read_types(model, rows)
    serial = serial_sequences(model.tables.values())
    for r in rows["sequences"]:
        if r["dependency"] == "i":
            _identity_options(model, r)
        elif (r["schema"], r["name"]) not in serial:
            model.sequences[(r["schema"], r["name"])] = _sequence(r)
    model.schema_grants.update(privileges.schema_grants(rows.get("schema_grants", ()), set(model.schemas)))
    model.default_privileges.update(privileges.default_privileges(rows.get("default_privileges", ())))
    view_names = {(r["schema"], r["name"]) for r in rows["views"]}
    view_indexes: dict[m.QName, list[m.Index]] = defaultdict(list)
    for r in rows["indexes"]:
        if (r["schema"], r["table"]) in view_names:
            view_indexes[(r["schema"], r["table"])].append(_index(r))
    read_views(model, rows["views"], view_indexes)
    return model


def _function(r: dict) -> m.Function:
    names, modes, types = r["arg_names"], r["arg_modes"], r["arg_types"]
    args = tuple(
        m.FunctionArg(names[i] if i < len(names) and names[i] else None, canonical_type(t),
                      _MODES[modes[i]] if i < len(modes) else "in")
        for i, t in enumerate(types))
    args = tuple(a for a in args if not (a.mode == "out" and r["returns"].lower().startswith("table")))
    args = _with_defaults(args, split_list(r["arg_defaults"] or ""))
    search_path = next((normalize.search_path(c.split("=", 1)[1]) for c in r["config"] or ()
                        if c.startswith("search_path=")), None)
    returns = r["returns"]
    lowered = returns.lower()
    returns = lowered if lowered in ("trigger", "void", "event_trigger") else (
        "setof " + canonical_type(returns[6:]) if lowered.startswith("setof ") else
        returns if lowered.startswith("table") else canonical_type(returns))
    return m.Function(r["schema"], r["name"], args, returns, r["language"], normalize.function_body(r["body"]),
                      _VOLATILITY[r["volatility"]], r["security_definer"], search_path, r["comment"],
                      tuple(r["grants"]), r["strict"], r["leakproof"], _PARALLEL[r["parallel"]],
                      normalize.function_cost(r["cost"], r["language"]), normalize.function_rows(r["rows"]))


def _with_defaults(args: tuple[m.FunctionArg, ...], defaults: list[str]) -> tuple[m.FunctionArg, ...]:
    """The defaults Postgres keeps belong to the last input arguments, in order."""
    inputs = [i for i, a in enumerate(args) if a.mode != "out"]
    found = dict(zip(inputs[len(inputs) - len(defaults):], defaults))
    return tuple(replace(a, default=Expr(found[i])) if i in found else a for i, a in enumerate(args))


def _sequence(r: dict) -> m.Sequence:
    owner = (r["owned_table"], r["owned_column"]) if r["owned_table"] else None
    return m.Sequence(r["schema"], r["name"], r["type"], r["start"], r["increment"], r["min"], r["max"], r["cache"],
                      r["cycle"], owner, tuple(sorted({tuple(g) for g in r["grants"]})), r["comment"])


def _identity_options(model: m.Model, r: dict) -> None:
    """Put the options of an identity column's sequence that are not the defaults on the column."""
    q = (r["schema"], r["owned_table"])  # an identity sequence lives in its table's schema
    table = model.tables.get(q)
    col = table.column(r["owned_column"]) if table else None
    options = non_default(r["type"], r["start"], r["increment"], r["min"], r["max"], r["cache"], r["cycle"])
    if col is not None and options:
        columns = tuple(replace(c, identity_options=options) if c is col else c for c in table.columns)
        model.tables[q] = replace(table, columns=columns)


def _column(table: str, r: dict) -> m.Column:
    default, serial = r["default"], False
    generated = Expr(default) if r["generated"] == "s" else None
    if generated is not None:
        default = None
    seq = r["owned_sequence"]
    if default and seq and seq == f"{table}_{r['column']}_seq" and re.fullmatch(
            r"nextval\('(?:[^']|'')+'::regclass\)", default) and r["type"] in ("integer", "bigint", "smallint"):
        default, serial = None, True
    identity = {"a": "always", "d": "by default"}.get(r["identity"] or "")
    return m.Column(r["column"], canonical_type(r["type"]), r["nullable"], Expr(default) if default else None, serial,
                    identity, r["comment"], generated=generated, collation=r["collation"])


def _constraint(r: dict) -> m.Constraint:
    kind, name, cols = r["kind"], r["name"], tuple(r["columns"])
    if kind == "p":
        return m.PrimaryKey(name, cols, r["comment"], r["deferrable"], r["deferred"])
    if kind == "u":
        return m.Unique(name, cols, not r["nulls_not_distinct"], r["comment"], r["deferrable"], r["deferred"])
    if kind == "c":
        return m.Check(name, Expr(r["expression"]), r["comment"])
    return m.ForeignKey(name, cols, (r["ref_schema"], r["ref_table"]), tuple(r["ref_columns"]),
                        _ACTIONS[r["on_delete"]], _ACTIONS[r["on_update"]], r["deferrable"], r["deferred"],
                        r["comment"], "full" if r["match"] == "f" else "simple")


def _index(r: dict) -> m.Index:
    keys = []
    for i in range(r["key_count"]):
        opt = r["options"][i]
        desc = bool(opt & 1)
        text = r["keys"][i]
        is_column = r["is_column"][i]
        keys.append(m.IndexKey(
            column=_unquote(text) if is_column else None,
            expression=None if is_column else Expr(text),
            opclass=r["opclasses"][i], descending=desc, nulls_first=bool(opt & 2)))
    include = tuple(_unquote(k) for k in r["keys"][r["key_count"]:])
    params = tuple(sorted(tuple(o.split("=", 1)) for o in r["options_with"]))
    return m.Index(r["name"], tuple(keys), r["method"], r["is_unique"], include,
                   Expr(r["predicate"]) if r["predicate"] else None, params, r["comment"],
                   not r.get("nulls_not_distinct", False))


def _trigger(r: dict) -> m.Trigger:
    t = r["type"]
    timing = "instead of" if t & 64 else ("before" if t & 2 else "after")
    events = tuple(sorted(e for bit, e in ((4, "insert"), (8, "delete"), (16, "update"), (32, "truncate")) if t & bit))
    when = None
    if r["has_when"]:
        found = re.search(r"\bWHEN \((.*)\) EXECUTE (?:FUNCTION|PROCEDURE) ", r["definition"], re.S)
        when = Expr(found.group(1)) if found else None
    raw = bytes(r["args"] or b"")
    args = tuple(a.decode() for a in raw.split(b"\x00")[: r["nargs"]]) if r["nargs"] else ()
    return m.Trigger(r["name"], timing, events, (r["function_schema"], r["function_name"]),
                     "row" if t & 1 else "statement", tuple(r["update_columns"]), when, args, r["comment"])


def _policy(r: dict) -> m.Policy:
    return m.Policy(r["name"], _COMMANDS[r["command"]], r["permissive"], tuple(sorted(r["roles"])),
                    Expr(r["using"]) if r["using"] else None,
                    Expr(r["with_check"]) if r["with_check"] else None, r["comment"])


def _unquote(name: str) -> str:
    return name[1:-1].replace('""', '"') if name.startswith('"') and name.endswith('"') else name


def _tables(model: m.Model, rows: dict[str, list[dict]]) -> None:
    children: dict[str, dict[m.QName, list]] = {k: defaultdict(list) for k in
                                                 ("constraints", "indexes", "triggers", "policies", "grants")}
    for r in rows["constraints"]:
        children["constraints"][(r["schema"], r["table"])].append(_constraint(r))
    for r in rows["exclusions"]:
        ix = _index(r | {"is_unique": False, "options_with": (), "comment": None})
        children["constraints"][(r["schema"], r["table"])].append(m.Exclusion(
            r["name"], tuple(m.ExclusionElement(k, op) for k, op in zip(ix.keys, r["operators"])), ix.method,
            ix.include, ix.where, r["deferrable"], r["deferred"], r["comment"]))
    for r in rows["indexes"]:
        children["indexes"][(r["schema"], r["table"])].append(_index(r))
    for r in rows["triggers"]:
        children["triggers"][(r["schema"], r["table"])].append(_trigger(r))
    for r in rows["policies"]:
        children["policies"][(r["schema"], r["table"])].append(_policy(r))
    for r in rows["grants"]:
        children["grants"][(r["schema"], r["table"])].append((r["role"], r["privilege"]))
    columns: dict[m.QName, list[m.Column]] = defaultdict(list)
    heads: dict[m.QName, dict] = {}
    for r in rows["tables"]:
        q = (r["schema"], r["table"])
        heads.setdefault(q, r)
        if r["column"] is not None:
            columns[q].append(_column(r["table"], r))
    for q, head in heads.items():
        def by_name(kind):
            return tuple(sorted(children[kind].get(q, ()), key=lambda o: o.name))
        model.tables[q] = m.Table(
            q[0], q[1], tuple(columns[q]), by_name("constraints"), by_name("indexes"), by_name("triggers"),
            by_name("policies"), head["rls_enabled"], head["rls_forced"],
            tuple(sorted(set(children["grants"].get(q, ())))), head["table_comment"])
