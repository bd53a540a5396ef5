"""A partitioned table's ``partition_by`` and nested ``partitions`` as a person writes them: bound
values as plain scalars (an integer key's values as numbers, a midnight time bound as its date),
one value without a list for a one-column key, sub-partitions under their partition."""

from __future__ import annotations

from typing import Any

from generator.model import objects as m
from generator.model.partitions import MAXVALUE, MINVALUE, parse
from generator.model.types import INTEGER_TYPES, base_name
from generator.spec.partitions import key_types


def partitioning_doc(t: m.Table) -> dict[str, Any]:
    """``partition_by`` and ``partitions`` of a table's spec mapping."""
    return {"partition_by": _key_doc(t.partition_by), "partitions": _partitions_doc(t, t.name, t.partition_by)}


def _key_doc(key: m.PartitionKey) -> dict[str, Any]:
    return {"method": key.method,
            "columns": [k.column if k.column is not None else {"expression": k.expression.text} for k in key.keys]}


def _partitions_doc(t: m.Table, parent: str, key: m.PartitionKey) -> dict[str, Any]:
    types = key_types(t, key)
    out: dict[str, Any] = {}
    for p in (p for p in t.partitions if p.parent == parent):
        bound = parse(p.bound)
        doc: dict[str, Any] = {}
        if bound.default:
            doc["default"] = True
        elif bound.modulus is not None:
            doc |= {"modulus": bound.modulus, "remainder": bound.remainder}
        elif bound.values:
            doc["in"] = [_value(v, types[0]) for v in bound.values]
        else:
            for field, values in (("from", bound.lower), ("to", bound.upper)):
                written = [_value(v, t) for v, t in zip(values, types)]
                doc[field] = written[0] if len(written) == 1 else written
        if p.comment is not None:
            doc["comment"] = p.comment
        if p.partition_by is not None:
            doc["partition_by"] = _key_doc(p.partition_by)
            doc["partitions"] = _partitions_doc(t, p.name, p.partition_by)
        out[p.name] = doc
    return out


def _value(v: str | None, type_: str | None) -> Any:
    if v is None or v in (MINVALUE, MAXVALUE) or type_ is None:
        return v
    base = base_name(type_)
    if base in INTEGER_TYPES:
        return int(v)
    if base == "boolean":
        return v == "true"
    for midnight in (" 00:00:00+00", " 00:00:00"):
        if base.startswith("timestamp") and v.endswith(midnight):
            return v[: -len(midnight)]
    return v
