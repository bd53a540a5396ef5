"""Model → spec documents (plain dicts in the order a person writes them), the inverse of
``generator.spec.build``.

Whatever the builder derives is left out: a constraint named as the builder would name it is
written on its column (``unique: true``, ``check:``, ``references:``, ``primary_key: true``),
defaults that are literals become ``{value: ...}``, serial columns are ``serial``, options at
their default value are omitted. Type names use the short aliases (``varchar(50)``,
``timestamptz``).
"""

from __future__ import annotations

import copy
import json
import re
from functools import lru_cache
from typing import Any

from generator.emit.quoting import literal
from generator.importer.draft_exclusions import deferrable_doc, exclusion_doc
from generator.importer import draft_types
from generator.importer.draft_partitions import partitioning_doc
from generator.importer.draft_sequences import sequences_doc
from generator.model import objects as m
from generator.model.expr import Expr
from generator.model.privileges import PRIVILEGES_ON, SCHEMA_PRIVILEGES, default_baseline
from generator.model.types import SERIAL_OF
from generator.spec.literals import literal_problem

_SHORT = [("character varying", "varchar"), ("timestamp with time zone", "timestamptz"),
          ("timestamp without time zone", "timestamp"), ("time with time zone", "timetz"),
          ("time without time zone", "time"), ("character", "char")]
PRIVILEGES = ("select", "insert", "update", "delete", "truncate", "references", "trigger")
_STRING_LITERAL = re.compile(r"^'((?:[^']|'')*)'(?:::(.+))?$", re.S)
_NUMBER = re.compile(r"^-?[0-9]+(?:\.[0-9]+)?$")


@lru_cache(maxsize=4096)
def type_text(type_: str, serial: bool = False) -> str:
    """The spelling a person writes: ``serial``, ``varchar(50)``, ``timestamptz(3)``."""
    if serial:
        return SERIAL_OF[type_]
    for long, short in _SHORT:
        if type_ == long or type_.startswith((long + "(", long + "[")):
            return short + type_[len(long):]
        head, _, zone = long.partition(" ")
        if zone.endswith("time zone") and type_.startswith(head + "(") and type_.endswith(") " + zone):
            return short + type_[len(head):-len(zone) - 1]  # timestamp(3) with time zone
    return type_


def literal_value(default: Expr, type_: str) -> tuple[bool, Any]:
    """(True, value) when ``default`` is exactly what ``{value: value}`` gives for ``type_``."""
    found, value = _literal_value(default.text, type_)
    return found, copy.deepcopy(value)


@lru_cache(maxsize=4096)
def _literal_value(text: str, type_: str) -> tuple[bool, Any]:
    default = Expr(text)
    candidates: list[Any] = []
    if text in ("true", "false"):
        candidates.append(text == "true")
    found = _STRING_LITERAL.match(text)
    body = found.group(1).replace("''", "'") if found else text
    if _NUMBER.match(body):
        candidates.append(float(body) if "." in body else int(body))
    if found:
        if type_ in ("json", "jsonb"):
            try:
                candidates.append(json.loads(body))
            except ValueError:
                pass
        if type_.endswith("[]") and body == "{}":
            candidates.append([])
        candidates.append(body)
    for value in candidates:
        if isinstance(value, float) and type_ in ("integer", "bigint", "smallint"):
            continue
        try:
            written = literal(value, type_)
        except ValueError:
            continue
        if Expr(written) == default and _kind_fits(value, type_):
            return True, value
    return False, None


def _kind_fits(value: Any, type_: str) -> bool:
    """The builder's literal check (``generator.spec.literals``) accepts this value for this type."""
    return literal_problem(value, type_, None) is None


def fk_ref(fk: m.ForeignKey, table: m.Table) -> dict[str, Any]:
    ref: dict[str, Any] = {"table": fk.ref_table[1]}
    if fk.ref_table[0] != table.schema:
        ref["schema"] = fk.ref_table[0]
    return ref


def fk_options(fk: m.ForeignKey) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if fk.on_delete != "no action":
        out["on_delete"] = fk.on_delete
    if fk.on_update != "no action":
        out["on_update"] = fk.on_update
    if fk.deferrable:
        out["deferrable"] = True
    if fk.initially_deferred:
        out["initially_deferred"] = True
    if fk.match != "simple":
        out["match"] = fk.match
    return out


def spec_key(schema: str, name: str, names: list[str]) -> str:
    """A section key: the name, or ``schema.name`` when objects of several schemas share the name
    (the one in ``public`` keeps the bare name)."""
    return name if schema == "public" or names.count(name) == 1 else f"{schema}.{name}"


def table_doc(t: m.Table, *, qualified: bool = False) -> dict[str, Any]:
    """One table as its spec mapping (``qualified``: its key names the schema)."""
    doc: dict[str, Any] = {}
    if t.schema != "public" and not qualified:
        doc["schema"] = t.schema
    if t.comment is not None:
        doc["comment"] = t.comment
    pk = next((c for c in t.constraints if isinstance(c, m.PrimaryKey)), None)
    inline_pk = (pk is not None and len(pk.columns) == 1 and pk.name == f"{t.name}_pkey" and pk.comment is None
                 and not pk.deferrable)
    inline: dict[str, dict[str, Any]] = {c.name: {} for c in t.columns}
    unique, checks, fks, exclusions = {}, {}, {}, {}
    for c in t.constraints:
        if isinstance(c, m.PrimaryKey):
            continue
        if isinstance(c, m.Exclusion):
            exclusions[c.name] = exclusion_doc(c)
            continue
        col = c.columns[0] if isinstance(c, (m.Unique, m.ForeignKey)) and len(c.columns) == 1 else None
        if isinstance(c, m.Unique):
            if col and c.name == f"{t.name}_{col}_key" and c.nulls_distinct and c.comment is None and not c.deferrable:
                inline[col]["unique"] = True
            else:
                unique[c.name] = _drop_none({"columns": list(c.columns),
                                             "nulls_distinct": None if c.nulls_distinct else False,
                                             **deferrable_doc(c), "comment": c.comment})
        elif isinstance(c, m.Check):
            owner = _check_column(c, t)
            if owner and c.comment is None:
                inline[owner]["check"] = c.expression.text
            else:
                checks[c.name] = _drop_none({"expression": c.expression.text, "comment": c.comment})
        else:
            if col and c.name == f"{t.name}_{col}_fkey" and c.comment is None:
                ref = fk_ref(c, t) | {"column": c.ref_columns[0]} | fk_options(c)
                inline[col]["references"] = ref
            else:
                fks[c.name] = {"columns": list(c.columns),
                               "references": fk_ref(c, t) | {"columns": list(c.ref_columns)}} | fk_options(c)
                if c.comment is not None:
                    fks[c.name]["comment"] = c.comment
    if pk is not None and not inline_pk:
        doc["primary_key"] = list(pk.columns) if (pk.name == f"{t.name}_pkey" and pk.comment is None
                                                  and not pk.deferrable) else \
            _drop_none({"columns": list(pk.columns), "name": pk.name if pk.name != f"{t.name}_pkey" else None,
                        **deferrable_doc(pk), "comment": pk.comment})
    doc["columns"] = {c.name: column_doc(c, inline_pk and pk.columns[0] == c.name, inline[c.name])
                      for c in t.columns}
    for key, part in (("unique", unique), ("checks", checks), ("foreign_keys", fks), ("exclusions", exclusions)):
        if part:
            doc[key] = part
    if t.indexes:
        doc["indexes"] = {ix.name: index_doc(ix) for ix in t.indexes}
    if t.triggers:
        doc["triggers"] = {tr.name: trigger_doc(tr) for tr in t.triggers}
    if t.rls_enabled or t.rls_forced:
        doc["rls"] = {"enabled": t.rls_enabled} | ({"forced": True} if t.rls_forced else {})
    if t.policies:
        doc["policies"] = {p.name: policy_doc(p) for p in t.policies}
    if t.grants:
        roles: dict[str, list[str]] = {}
        for role, privilege in t.grants:
            roles.setdefault(role, []).append(privilege)
        doc["grants"] = {r: sorted(ps, key=PRIVILEGES.index) for r, ps in sorted(roles.items())}
    if t.seed:
        doc["seed"] = [dict(row) for row in t.seed]
    if t.partition_by is not None:
        doc |= partitioning_doc(t)
    return doc


def _check_column(c: m.Check, t: m.Table) -> str | None:
    """The column a check is written on: the builder names a column check ``<table>_<column>_check``."""
    for col in t.columns:
        if c.name == f"{t.name}_{col.name}_check":
            return col.name
    return None


def column_doc(c: m.Column, primary_key: bool, constraints: dict[str, Any]) -> dict[str, Any]:
    doc: dict[str, Any] = {"type": type_text(c.type, c.serial)}
    if primary_key:
        doc["primary_key"] = True
    else:
        doc["nullable"] = c.nullable
    if c.identity:
        doc["identity"] = {"kind": c.identity, **dict(c.identity_options)} if c.identity_options else c.identity
    if c.collation is not None:
        doc["collation"] = c.collation
    if c.generated is not None:
        doc["generated"] = c.generated.text
    if c.default is not None:
        is_literal, value = literal_value(c.default, c.type)
        doc["default"] = {"value": value} if is_literal else {"sql": c.default.text}
    doc |= constraints
    if c.comment is not None:
        doc["comment"] = c.comment
    return doc


def index_doc(ix: m.Index) -> dict[str, Any]:
    keys: list[Any] = []
    for k in ix.keys:
        key: dict[str, Any] = {"column": k.column} if k.column is not None else {"expression": k.expression.text}
        if k.descending:
            key["order"] = "desc"
        if k.nulls_first != k.descending:
            key["nulls"] = "first" if k.nulls_first else "last"
        if k.opclass:
            key["opclass"] = k.opclass
        keys.append(key["column"] if list(key) == ["column"] else key)
    doc: dict[str, Any] = {"columns": keys}
    if ix.method != "btree":
        doc["method"] = ix.method
    if ix.unique:
        doc["unique"] = True
    if not ix.nulls_distinct:
        doc["nulls_distinct"] = False
    if ix.include:
        doc["include"] = list(ix.include)
    if ix.where is not None:
        doc["where"] = ix.where.text
    if ix.with_params:
        doc["with"] = {k: int(v) if v.isdigit() else v for k, v in ix.with_params}
    if ix.comment is not None:
        doc["comment"] = ix.comment
    return doc


def trigger_doc(t: m.Trigger) -> dict[str, Any]:
    doc: dict[str, Any] = {"timing": t.timing, "events": list(t.events), "function": m.qname_text(t.function)}
    if t.for_each != "row":
        doc["for_each"] = t.for_each
    if t.update_columns:
        doc["update_columns"] = list(t.update_columns)
    if t.when is not None:
        doc["when"] = t.when.text
    if t.args:
        doc["args"] = list(t.args)
    if t.comment is not None:
        doc["comment"] = t.comment
    return doc


def policy_doc(p: m.Policy) -> dict[str, Any]:
    doc: dict[str, Any] = {}
    if p.command != "all":
        doc["command"] = p.command
    if not p.permissive:
        doc["restrictive"] = True
    doc["roles"] = list(p.roles)
    if p.using is not None:
        doc["using"] = p.using.text
    if p.with_check is not None:
        doc["with_check"] = p.with_check.text
    if p.comment is not None:
        doc["comment"] = p.comment
    return doc


def function_doc(f: m.Function, *, qualified: bool = False) -> dict[str, Any]:
    doc: dict[str, Any] = {}
    if f.schema != "public" and not qualified:
        doc["schema"] = f.schema
    if f.args:
        doc["args"] = [_drop_none({"name": a.name, "type": type_text(a.type),
                                   "mode": a.mode if a.mode != "in" else None,
                                   "default": a.default.text if a.default else None}) for a in f.args]
    doc["returns"] = f.returns if f.returns.startswith(("setof ", "table")) else type_text(f.returns)
    doc["language"] = f.language
    if f.volatility != "volatile":
        doc["volatility"] = f.volatility
    if f.security_definer:
        doc["security"] = "definer"
    for option in ("strict", "leakproof"):
        if getattr(f, option):
            doc[option] = True
    if f.parallel != "unsafe":
        doc["parallel"] = f.parallel
    for option in ("cost", "rows"):
        if getattr(f, option) is not None:
            doc[option] = getattr(f, option)
    if f.search_path is not None:
        doc["search_path"] = f.search_path
    if f.grants:
        doc["grants"] = list(f.grants)
    if f.comment is not None:
        doc["comment"] = f.comment
    doc["body"] = f.body + "\n"
    return doc


def system_doc(model: m.Model, mixins: dict[str, dict]) -> dict[str, Any]:
    """The system file: everything that is not a table."""
    doc: dict[str, Any] = {"system": _drop_none({"name": model.system, "description": model.description})}
    if model.schemas:
        doc["schemas"] = {s.name: _drop_none({"comment": s.comment}) for s in sorted(
            model.schemas.values(), key=lambda s: s.name)}
    if model.extensions:
        doc["extensions"] = {e.name: _drop_none({"schema": e.schema, "comment": e.comment})
                             for e in sorted(model.extensions.values(), key=lambda e: e.name)}
    if model.roles:
        doc["roles"] = {r.name: _drop_none({"login": True if r.login else None, "comment": r.comment})
                        for r in sorted(model.roles.values(), key=lambda r: r.name)}
    if model.schema_grants:
        for g in sorted(model.schema_grants.values(), key=lambda g: (g.schema, g.role)):
            grants = doc.setdefault("schemas", {}).setdefault(g.schema, {}).setdefault("grants", {})
            grants[g.role] = sorted(g.privileges, key=SCHEMA_PRIVILEGES.index)
        if ("public", "public") not in model.schema_grants and "public" in doc.get("schemas", {}):
            doc["schemas"]["public"]["grants"]["public"] = ["usage"]  # listing public's grants: it keeps its own
    if model.default_privileges:
        doc["default_privileges"] = [default_privilege_doc(d) for d in model.default_privileges.values()]
    if model.enums:
        names = [e.name for e in model.enums.values()]
        doc["enums"] = {}
        for e in sorted(model.enums.values(), key=lambda e: (e.name, e.schema)):
            key = spec_key(e.schema, e.name, names)
            doc["enums"][key] = _drop_none({"schema": e.schema if e.schema != "public" and key == e.name else None,
                                            "values": list(e.values), "comment": e.comment})
    if model.domains:
        doc["domains"] = draft_types.domains_doc(model, type_text, literal_value)
    if model.composites:
        doc["composite_types"] = draft_types.composites_doc(model, type_text)
    if model.functions:
        names = list({(f.schema, f.name): f.name for f in model.functions.values()}.values())
        doc["functions"] = {}
        for f in sorted(model.functions.values(), key=lambda f: (f.name, f.schema)):
            key = spec_key(f.schema, f.name, names)
            doc["functions"][key] = function_doc(f, qualified=key != f.name)
    if model.sequences:
        doc["sequences"] = sequences_doc(model)
    if mixins:
        doc["mixins"] = mixins
    return doc


def default_privilege_doc(d: m.DefaultPrivilege) -> dict[str, Any]:
    """An ALTER DEFAULT PRIVILEGES entry: what it grants beyond Postgres's defaults, what it revokes of them."""
    base = set(default_baseline(d.for_role, d.schema, d.on, d.role))
    order = PRIVILEGES_ON[d.on]
    grant = sorted(set(d.privileges) - base, key=order.index)
    revoke = sorted(base - set(d.privileges), key=order.index)
    return _drop_none({"for_role": d.for_role, "schema": d.schema, "on": d.on, "grant": grant or None,
                       "revoke": revoke or None, "to": d.role})


def _drop_none(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if v is not None}
