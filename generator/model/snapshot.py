"""The model as JSON text: ``generated/<system>/migrations/snapshot.json`` records the schema that
the committed migrations build, so the next migration is ``diff(snapshot, spec)`` with no database.

Every dataclass becomes an object tagged with its class (``"$"``), fields equal to their default
are left out, expressions are stored as their text (``{"$sql": ...}``) and re-read on load, and
the model's dictionaries are stored as lists (their keys are recomputed). Seed rows and JSON
Schemas are plain JSON and stay as they are. Keys are sorted, so the file is deterministic, and
each object of the model (a table, an enum ...) is one line, so a change shows as a one-line diff
(and the text is written by the fast, unindented JSON encoder).
"""

from __future__ import annotations

import json
from dataclasses import MISSING, fields, is_dataclass
from functools import lru_cache
from typing import Any

from generator.model import objects as m
from generator.model.expr import Expr

_CLASSES = {cls.__name__: cls for cls in (
    m.Schema, m.Extension, m.Role, m.Enum, m.FunctionArg, m.Function, m.Column, m.PrimaryKey, m.Unique,
    m.Check, m.ForeignKey, m.IndexKey, m.ExclusionElement, m.Exclusion, m.Index, m.Trigger, m.Policy, m.Table,
    m.PartitionKey, m.Partition, m.DomainCheck, m.Domain, m.Attribute, m.CompositeType, m.Sequence,
    m.SchemaGrant, m.DefaultPrivilege, m.ViewColumn, m.View)}
_RAW_FIELDS = {"seed", "json_schema"}  # plain JSON values, stored as they are
_HINT_FIELDS = {("Column", "renamed_from"), ("Column", "using"), ("Table", "renamed_from")}  # for one migration
_MODEL_KEYS = {
    "schemas": lambda s: s.name, "extensions": lambda e: e.name, "roles": lambda r: r.name,
    "enums": lambda e: (e.schema, e.name), "functions": lambda f: f.signature, "tables": lambda t: t.qname,
    "domains": lambda d: (d.schema, d.name), "composites": lambda c: (c.schema, c.name),
    "sequences": lambda s: s.qname,
    "schema_grants": lambda g: (g.schema, g.role), "default_privileges": lambda d: d.key,
    "views": lambda v: v.qname,
}
# written only when not empty: older snapshots lack them and stay the same
_OPTIONAL_KEYS = {"domains", "composites", "sequences", "schema_grants", "default_privileges", "views"}


class SnapshotError(ValueError):
    """The snapshot file is not one this version of pgspec wrote."""


def dumps(model: m.Model) -> str:
    """The snapshot text of ``model``."""
    def line(value) -> str:
        return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))

    parts = [f'{{"format": 1,\n "system": {line(model.system)}']
    for name in sorted(_MODEL_KEYS):
        if name in _OPTIONAL_KEYS and not getattr(model, name):
            continue
        items = [line(_encode(v)) for _, v in sorted(getattr(model, name).items(), key=lambda kv: str(kv[0]))]
        if not items and name in _OPTIONAL_KEYS:
            continue
        parts.append(f' {line(name)}: [' + ("\n  " + ",\n  ".join(items) + "\n ]" if items else "]"))
    return ",\n".join(parts) + "}\n"


def loads(text: str) -> m.Model:
    """The model a snapshot text holds; raises ``SnapshotError`` if it is not a pgspec snapshot."""
    try:
        doc = json.loads(text)
        if doc.get("format") != 1:
            raise SnapshotError(f"unknown snapshot format {doc.get('format')!r}")
        model = m.Model(system=doc["system"])
        for name, key in _MODEL_KEYS.items():
            target = getattr(model, name)
            for item in doc.get(name, []) if name in _OPTIONAL_KEYS else doc[name]:
                obj = _decode(item)
                target[key(obj)] = obj
        return model
    except (KeyError, TypeError, AttributeError, json.JSONDecodeError) as e:
        raise SnapshotError(f"not a pgspec snapshot ({e})") from e


@lru_cache(maxsize=None)
def _fields(cls: type) -> tuple[tuple[str, Any], ...]:
    """(name, default) of a model class's fields."""
    out = []
    for f in fields(cls):
        default = f.default if f.default is not MISSING else (
            f.default_factory() if f.default_factory is not MISSING else MISSING)
        out.append((f.name, default))
    return tuple(out)


def _encode(value: Any) -> Any:
    if isinstance(value, Expr):
        return {"$sql": value.text}
    if is_dataclass(value):
        kind = type(value).__name__
        out = {"$": kind}
        for name, default in _fields(type(value)):
            v = getattr(value, name)
            if (kind, name) in _HINT_FIELDS or v == default:
                continue
            out[name] = list(v) if name in _RAW_FIELDS and isinstance(v, tuple) else (
                v if name in _RAW_FIELDS else _encode(v))
        return out
    if isinstance(value, (tuple, list)):
        return [_encode(v) for v in value]
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict):
        if "$sql" in value:
            return Expr(value["$sql"])
        cls = _CLASSES[value["$"]]
        kwargs = {}
        for name, _ in _fields(cls):
            if name in value:
                v = value[name]
                kwargs[name] = (tuple(v) if name == "seed" else v) if name in _RAW_FIELDS else _decode(v)
        return cls(**kwargs)
    if isinstance(value, list):
        return tuple(_decode(v) for v in value)
    return value
