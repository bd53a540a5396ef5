"""``generated/<system>/schema.json``: the hub the typed artifacts are generated from.

One JSON Schema (draft 2020-12) with a Row, an Insert and an Update shape per table and a
definition per enum and per composite type (a domain is its base type). It carries what the
database enforces and a client can check: lengths of ``varchar(n)``, the values of
``CHECK (x IN (...))``, simple numeric ``CHECK`` ranges, integer and ``numeric(p,s)`` bounds,
``vector(n)`` dimensions, formats (uuid, date-time, inet ...), nullability, and comments as
descriptions. A JSONB column with a ``json_schema`` in the spec gets that schema instead of "any
JSON". Sensitive columns are ``writeOnly`` (text ones with format ``password``) and carry
``"x-pgspec-sensitive": true``, which the Pydantic models read.

Insert and Update shapes leave optional columns out of ``required`` without making them
nullable: a NOT NULL column with a default may be omitted (the server fills it) but not null.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import Any

import sqlglot
from sqlglot import exp

from generator.model import objects as m
from generator.model.types import INTEGER_TYPES, base_name

_INT_BOUNDS = {"smallint": 2**15, "integer": 2**31, "bigint": 2**63}
_FORMATS = {"uuid": "uuid", "date": "date", "time without time zone": "time-local",
            "time with time zone": "time", "timestamp without time zone": "date-time-local",
            "timestamp with time zone": "date-time", "interval": "duration"}
_TEXT = {"text", "character varying", "character", "citext", "name"}
_JSON_VALUE = ("object", "array", "string", "integer", "number", "boolean")
SENSITIVE = "x-pgspec-sensitive"  # extension key: the column holds a secret


def pascal(*parts: str) -> str:
    """A class or type name from names: ``("audit", "log_entries")`` → ``AuditLogEntries``."""
    words = [w for p in parts for w in re.split(r"[^A-Za-z0-9]+", p) if w]
    name = "".join(w[:1].upper() + w[1:] for w in words) or "T"
    return name if not name[0].isdigit() else "T" + name


def definition_name(table: m.Table) -> str:
    """The stem of a table's ``<stem>Row``/``Insert``/``Update`` definitions (and model classes)."""
    return pascal(table.name) if table.schema == "public" else pascal(table.schema, table.name)


def composite_name(c: m.CompositeType) -> str:
    """The definition (and model class) of a composite type's values."""
    return pascal(c.name) if c.schema == "public" else pascal(c.schema, c.name)


def composite_schema(c: m.CompositeType, model: m.Model) -> dict[str, Any]:
    """An object with every attribute, each of which may be null (Postgres has no NOT NULL on them)."""
    props = {}
    for a in c.attributes:
        props[a.name] = _or_null(type_schema(a.type, model))
        if a.comment:
            props[a.name]["description"] = " ".join(a.comment.split())
    return {"type": "object", "title": composite_name(c),
            **({"description": " ".join(c.comment.split())} if c.comment else {}), "properties": props,
            "required": [a.name for a in c.attributes], "additionalProperties": False}


def _modifiers(type_: str) -> list[int]:
    found = re.search(r"\(([\d,\s]+)\)", type_)
    return [int(x) for x in found.group(1).split(",")] if found else []


def type_schema(type_: str, model: m.Model) -> dict[str, Any]:
    """The JSON Schema of a value of one PostgreSQL type (not null)."""
    if type_.endswith("[]"):
        return {"type": "array", "items": type_schema(type_[:-2], model)}
    base = base_name(type_)
    enum = next((e for e in model.enums.values() if m.qname_text((e.schema, e.name)) == base), None)
    if enum is not None:  # inline, like CHECK lists: every value list becomes a Literal in the models
        return {"type": "string", "enum": list(enum.values)}
    domain = next((d for d in model.domains.values() if m.qname_text((d.schema, d.name)) == base), None)
    if domain is not None:  # its base type (a CHECK on VALUE is not expressed)
        return type_schema(domain.type, model)
    composite = next((c for c in model.composites.values() if m.qname_text((c.schema, c.name)) == base), None)
    if composite is not None:
        return {"$ref": f"#/$defs/{composite_name(composite)}"}
    mods = _modifiers(type_)
    if base in INTEGER_TYPES:
        bound = _INT_BOUNDS[base]
        return {"type": "integer", "minimum": -bound, "maximum": bound - 1}
    if base == "numeric":
        if mods:
            limit = 10 ** (mods[0] - (mods[1] if len(mods) > 1 else 0))
            return {"type": "number", "exclusiveMinimum": -limit, "exclusiveMaximum": limit}
        return {"type": "number"}
    if base in ("real", "double precision", "money"):
        return {"type": "number"}
    if base == "boolean":
        return {"type": "boolean"}
    if base == "vector":
        out: dict[str, Any] = {"type": "array", "items": {"type": "number"}}
        if mods:
            out["minItems"] = out["maxItems"] = mods[0]
        return out
    if base in ("json", "jsonb"):
        return {"type": list(_JSON_VALUE)}  # any JSON value but null, which stands for SQL NULL
    if base == "bytea":
        return {"type": "string", "format": "binary"}
    if base in ("inet", "cidr"):
        return {"anyOf": [{"type": "string", "format": "ipv4"}, {"type": "string", "format": "ipv6"}]}
    if base in _TEXT:
        return {"type": "string", **({"maxLength": mods[0]} if mods else {})}
    if base in _FORMATS:
        return {"type": "string", "format": _FORMATS[base]}
    return {"type": "string"}


def check_facts(table: m.Table) -> dict[str, dict[str, Any]]:
    """Per column, what simple CHECK constraints say: ``x IN (...)`` → enum, ``x >= n`` → minimum ..."""
    facts: dict[str, dict[str, Any]] = {}
    for c in table.constraints:
        if isinstance(c, m.Check):
            for column, key, value in _expression_facts(c.expression.text):
                facts.setdefault(column, {})[key] = list(value) if isinstance(value, tuple) else value
    return facts


@lru_cache(maxsize=4096)
def _expression_facts(text: str) -> tuple[tuple[str, str, Any], ...]:
    """(column, keyword, value) facts of one CHECK expression (the same text recurs across tables)."""
    try:
        tree = sqlglot.parse_one(text, read="postgres")
    except (sqlglot.errors.ParseError, sqlglot.errors.TokenError, ValueError):
        return ()
    facts: dict[str, dict[str, Any]] = {}
    for part in _conjuncts(tree):
        _fact(part, facts)
    return tuple((column, key, tuple(v) if isinstance(v, list) else v)
                 for column, found in facts.items() for key, v in found.items())


def _conjuncts(node: exp.Expression) -> list[exp.Expression]:
    node = node.unnest()
    if isinstance(node, exp.And):
        return _conjuncts(node.this) + _conjuncts(node.expression)
    return [node]


_BOUNDS = {exp.GTE: "minimum", exp.GT: "exclusiveMinimum", exp.LTE: "maximum", exp.LT: "exclusiveMaximum"}
_FLIPPED = {exp.GTE: "maximum", exp.GT: "exclusiveMaximum", exp.LTE: "minimum", exp.LT: "exclusiveMinimum"}


def _fact(node: exp.Expression, facts: dict[str, dict[str, Any]]) -> None:
    if isinstance(node, exp.In) and isinstance(node.this, exp.Column) and not node.args.get("query"):
        values = [v.this for v in node.expressions if isinstance(v, exp.Literal) and v.is_string]
        if len(values) == len(node.expressions):
            facts.setdefault(node.this.name, {})["enum"] = values
    elif type(node) in _BOUNDS:
        left, right = node.this.unnest(), node.expression.unnest()
        if isinstance(left, exp.Column) and isinstance(right, exp.Literal) and not right.is_string:
            facts.setdefault(left.name, {})[_BOUNDS[type(node)]] = json.loads(right.this)
        elif isinstance(right, exp.Column) and isinstance(left, exp.Literal) and not left.is_string:
            facts.setdefault(right.name, {})[_FLIPPED[type(node)]] = json.loads(left.this)


def column_schema(c: m.Column, table: m.Table, model: m.Model, facts: dict[str, Any]) -> dict[str, Any]:
    schema = dict(c.json_schema) if c.json_schema is not None else type_schema(c.type, model)
    for key, value in facts.items():
        schema[key] = value
    if "enum" in schema and schema.get("type") == "string":
        schema.pop("maxLength", None)
    if c.sensitive:
        schema = {**schema, "writeOnly": True, "format": "password"} if schema.get("type") == "string" \
            and schema.get("format") != "binary" else {**schema, "writeOnly": True}
        schema[SENSITIVE] = True
    if c.nullable:
        schema = _or_null(schema)
    if c.comment:
        schema["description"] = " ".join(c.comment.split())
    return schema


def _or_null(schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` or null: a second type when the schema has one type, else ``anyOf``."""
    if isinstance(schema.get("type"), str) and "enum" not in schema:
        return {**schema, "type": [schema["type"], "null"]}
    if isinstance(schema.get("type"), list) and "enum" not in schema:
        return {**schema, "type": [*schema["type"], "null"]}
    return {"anyOf": [schema, {"type": "null"}]}


def schema_json(model: m.Model) -> str:
    """The text of ``generated/<system>/schema.json``."""
    defs: dict[str, Any] = {}
    names = [e.name for e in model.enums.values()]
    for e in sorted(model.enums.values(), key=lambda e: (e.schema, e.name)):
        shared = e.schema != "public" and names.count(e.name) > 1  # one name in several schemas
        defs[pascal(e.schema, e.name) if shared else pascal(e.name)] = {"type": "string", "enum": list(e.values),
                                **({"description": e.comment} if e.comment else {})}
    for c in sorted(model.composites.values(), key=lambda c: (c.schema, c.name)):
        defs[composite_name(c)] = composite_schema(c, model)
    for t in sorted(model.tables.values(), key=lambda t: (t.schema, t.name)):
        facts = check_facts(t)
        props = {c.name: column_schema(c, t, model, facts.get(c.name, {})) for c in t.columns}
        writable = {c.name: props[c.name] for c in t.columns if c.writable}
        described = {"description": " ".join(t.comment.split())} if t.comment else {}
        name = definition_name(t)
        defs[f"{name}Row"] = {"type": "object", "title": f"{name}Row", **described, "properties": props,
                              "required": [c.name for c in t.columns], "additionalProperties": False}
        defs[f"{name}Insert"] = {"type": "object", "title": f"{name}Insert", **described, "properties": writable,
                                 "required": [c.name for c in t.columns
                                              if c.name in writable and not c.optional_on_insert],
                                 "additionalProperties": False}
        defs[f"{name}Update"] = {"type": "object", "title": f"{name}Update", **described,
                                 "properties": writable, "additionalProperties": False}
    document = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": f"pgspec:{model.system}",
                **({"$comment": model.description} if model.description else {}), "$defs": defs}
    return indented_json(document) + "\n"


def indented_json(value: Any, indent: str = "") -> str:
    """``json.dumps(value, indent=2, ensure_ascii=False)``, written without the generic encoder,
    which the standard library runs in pure Python as soon as ``indent`` is given (3x slower)."""
    if isinstance(value, dict):
        if not value:
            return "{}"
        inner = indent + "  "
        items = [f"{inner}{_string(str(k))}: {indented_json(v, inner)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + indent + "}"
    if isinstance(value, (list, tuple)):
        if not value:
            return "[]"
        inner = indent + "  "
        return "[\n" + ",\n".join(inner + indented_json(v, inner) for v in value) + "\n" + indent + "]"
    if isinstance(value, str):
        return _string(value)
    return json.dumps(value)


_string = json.encoder.encode_basestring  # the C function json.dumps uses with ensure_ascii=False
