"""Helpers of the model tests: load a system's generated ``models.py``, make a representative value
from a column's JSON Schema, and turn a ``model_dump(mode="json")`` value into what psycopg sends."""

from __future__ import annotations

import base64
import json
import sys
import types
from pathlib import Path
from typing import Any

from psycopg.types.json import Jsonb
from pydantic import SecretBytes, SecretStr

from generator.model import objects as m
from generator.model.types import base_name

REPO = Path(__file__).resolve().parent.parent


def models_of(system: str):
    """The module ``generated/<system>/models.py``, freshly imported (no ``__pycache__`` is written
    into generated/, where ``check`` would find a file no spec produces)."""
    path = REPO / "generated" / system / "models.py"
    module = types.ModuleType(f"pgspec_models_{system}")
    module.__file__ = str(path)
    sys.modules[module.__name__] = module  # pydantic looks the module up by name
    exec(compile(path.read_text(encoding="utf-8"), str(path), "exec"), module.__dict__)
    return module


def schema_defs(system: str) -> dict[str, Any]:
    return json.loads((REPO / "generated" / system / "schema.json").read_text())["$defs"]


def not_null(prop: dict[str, Any]) -> dict[str, Any]:
    """The schema of a column's non-null values."""
    if "anyOf" in prop:
        rest = [p for p in prop["anyOf"] if p.get("type") != "null"]
        return {**{k: v for k, v in prop.items() if k != "anyOf"}, **rest[0]}
    kinds = prop.get("type")
    if isinstance(kinds, list) and "null" in kinds:
        kinds = [k for k in kinds if k != "null"]
        return {**prop, "type": kinds[0] if len(kinds) == 1 else kinds}
    return prop


_STRINGS = {"uuid": "0b7c5c1e-7d1a-4f1e-9d65-2f3c4b5a6d7e", "date-time": "2026-03-04T05:06:07.123456+02:00",
            "date-time-local": "2026-03-04T05:06:07.5", "date": "2026-03-04", "time-local": "05:06:07",
            "time": "05:06:07+02:00", "duration": "P1DT2H", "ipv4": "192.0.2.17", "password": "s3cret ü"}


def sample(prop: dict[str, Any], choice: int = 0) -> Any:
    """A representative valid value of a JSON Schema (a column's, or a typed JSONB's); ``choice``
    picks another value of a value list, for CHECKs across columns the schema cannot state."""
    prop = not_null(prop)
    if "const" in prop:
        return prop["const"]
    if "enum" in prop:
        return prop["enum"][-1 - choice % len(prop["enum"])]
    for key in ("anyOf", "oneOf"):
        if key in prop:
            return sample(prop[key][0])
    kind = prop.get("type")
    if isinstance(kind, list):
        kind = kind[0]
    if kind == "object":
        props = prop.get("properties") or {}
        return {k: sample(v) for k, v in props.items() if k in (prop.get("required") or ())} or (
            {} if props or prop.get("additionalProperties") is False else {"k": [1, "ü", None, {"n": 2.5}]})
    if kind == "array":
        size = prop.get("minItems", 2)
        if prop.get("items", {}).get("type") == "number" and "minItems" in prop:  # a vector
            return [round(0.25 * (i % 7) - 0.5, 2) for i in range(size)]
        return [sample(prop.get("items", {"type": "string"})) for _ in range(max(size, 1))]
    if kind in ("integer", "number"):
        return _number(prop, kind == "integer")
    if kind == "boolean":
        return True
    if kind == "string":
        if prop.get("format") == "binary":
            return b"\x00\xff\x10pgspec\x80"
        if prop.get("format") in _STRINGS:
            return _STRINGS[prop["format"]]
        limit = prop.get("maxLength")
        return "é" * limit if limit else "text ü 'quoted'"
    return {"k": [1, "ü", None]}


def _number(prop: dict[str, Any], integer: bool) -> int | float:
    lo = prop.get("minimum", prop.get("exclusiveMinimum"))
    hi = prop.get("maximum", prop.get("exclusiveMaximum"))
    if lo is None or hi is None or hi - lo > 1000:
        value = 42 if integer else 12.5
        value = max(value, lo + 1) if lo is not None else value
        return min(value, hi - 1) if hi is not None else value
    middle = (lo + hi) / 2
    return round(middle) if integer else middle


def reveal(model: Any, dumped: dict[str, Any]) -> dict[str, Any]:
    """The dump with secrets revealed (``model_dump`` masks them; a client sends the real value)."""
    out = dict(dumped)
    for name in dumped:
        value = getattr(model, name)
        if isinstance(value, (SecretStr, SecretBytes)):
            out[name] = value.get_secret_value()
    return out


def db_param(column: m.Column, value: Any) -> Any:
    """What psycopg sends for a JSON-mode value of ``column``: JSON wrapped, base64 decoded."""
    if value is None:
        return None
    base = base_name(column.type)
    if base in ("json", "jsonb") and not column.type.endswith("[]"):
        return Jsonb(value)
    if base == "bytea" and isinstance(value, str):
        return base64.urlsafe_b64decode(value)
    if base == "vector":
        from pgvector import Vector

        return Vector(value)
    return value
