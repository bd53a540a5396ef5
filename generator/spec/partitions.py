"""A table's ``partition_by`` and ``partitions`` → ``PartitionKey`` and the flat tuple of ``Partition``.

Checked here, each at the node that causes it: a bound that does not fit its method or the number
of key columns (E210), a primary key or unique constraint that lacks a partition key column, which
Postgres refuses (E211), a bound value that is not of its key column's type (E212), partitions of
one parent that overlap (E213: two defaults, a list value twice, one hash remainder twice, range
bounds of integers or times that overlap or are empty).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from generator.model import objects as m
from generator.model.partitions import MAXVALUE, MINVALUE, Bound, normalize
from generator.model.types import INTEGER_TYPES, base_name
from generator.spec import format as fmt
from generator.spec.files import Origin

_ORDERED = INTEGER_TYPES | {"date", "timestamp without time zone", "timestamp with time zone"}


def partitioning(b: Any, table: m.Table, spec: fmt.TableSpec, o: Origin) -> m.Table:
    """``table`` with its partitioning; ``b`` is the spec builder (errors, expressions, origins)."""
    if spec.partition_by is None:
        if spec.partitions:
            b.error(o.at("partitions"), "E210", f"table {table.name!r} has partitions but no 'partition_by'",
                    key=True)
        return table
    key = _key(b, table, spec.partition_by, o.at("partition_by"))
    parts: list[m.Partition] = []
    keys = [key]
    _partitions(b, table, table.name, key, spec.partitions, o, parts, keys)
    _key_in_unique(b, table, keys, o)
    return replace(table, partition_by=key, partitions=tuple(parts))


def _key(b: Any, table: m.Table, spec: fmt.PartitionBySpec, o: Origin) -> m.PartitionKey:
    keys = []
    for i, k in enumerate(spec.columns):
        if k.column is not None and table.column(k.column) is None:
            b.error(o.at("columns", i), "E130", f"table {table.name!r} has no column {k.column!r}")
        keys.append(m.IndexKey(k.column, b.expr(k.expression, o.at("columns", i, "expression"))))
    if spec.method in ("list",) and len(keys) > 1:
        b.error(o.at("columns"), "E210", "list partitioning takes one key column or expression")
    return m.PartitionKey(spec.method, tuple(keys))


def key_types(table: m.Table, key: m.PartitionKey) -> tuple[str | None, ...]:
    """The type of each key column (None for an expression: its values are kept as written)."""
    return tuple(c.type if k.column and (c := table.column(k.column)) else None for k in key.keys)


def _partitions(b: Any, table: m.Table, parent: str, key: m.PartitionKey, specs: dict, o: Origin,
                out: list[m.Partition], keys: list[m.PartitionKey]) -> None:
    types = key_types(table, key)
    bounds: list[tuple[Bound, Origin]] = []
    for name in sorted(specs):
        p, po = specs[name], o.at("partitions", name)
        b.name(name, po)
        b.origins[("partition", table.schema, name)] = po
        bound = _bound(b, p, po, key, types)
        sub = _key(b, table, p.partition_by, po.at("partition_by")) if p.partition_by else None
        if p.partitions and sub is None:
            b.error(po.at("partitions"), "E210", f"partition {name!r} has partitions but no 'partition_by'",
                    key=True)
        out.append(m.Partition(name, parent, bound.sql(types) if bound else "DEFAULT", sub, p.comment))
        if bound is not None:
            bounds.append((bound, po))
        if sub is not None:
            keys.append(sub)
            _partitions(b, table, name, sub, p.partitions, po, out, keys)
    _overlaps(b, bounds, types)


def _bound(b: Any, p: fmt.PartitionSpec, po: Origin, key: m.PartitionKey,
           types: tuple[str | None, ...]) -> Bound | None:
    given = [f for f, v in (("from", p.from_), ("to", p.to), ("in", p.in_), ("modulus", p.modulus),
                            ("remainder", p.remainder)) if v is not None] + (["default"] if p.default else [])
    forms = {"range": {"from", "to"}, "list": {"in"}, "hash": {"modulus", "remainder"}}
    expected = forms[key.method]
    if set(given) not in (expected, {"default"}) or (p.default and key.method == "hash"):
        what = " and ".join(f"'{f}'" for f in sorted(expected))
        extra = "" if key.method == "hash" else " (or 'default: true')"
        b.error(po, "E210", f"a {key.method} partition gives {what}{extra}; this one gives "
                f"{', '.join(repr(g) for g in given) or 'no bound'}", key=True)
        return None
    if p.default:
        return Bound(default=True)
    if key.method == "hash":
        if p.remainder >= p.modulus:
            b.error(po.at("remainder"), "E210", f"remainder {p.remainder} must be less than modulus {p.modulus}")
            return None
        return Bound(modulus=p.modulus, remainder=p.remainder)
    if key.method == "list":
        if not p.in_:
            b.error(po.at("in"), "E210", "a list partition holds at least one value")
            return None
        values = _values(b, p.in_, po.at("in"), types[:1] * len(p.in_), allow_null=True)
        return None if values is None else Bound(values=values)
    for field, values in (("from", p.from_), ("to", p.to)):
        if len(values) != len(key.keys):
            b.error(po.at(field), "E210", f"'{field}' gives {len(values)} value(s) for {len(key.keys)} key "
                    "column(s)")
            return None
    lower = _values(b, p.from_, po.at("from"), types, allow_null=False)
    upper = _values(b, p.to, po.at("to"), types, allow_null=False)
    return None if lower is None or upper is None else Bound(lower=lower, upper=upper)


def _values(b: Any, values: list, o: Origin, types, *, allow_null: bool) -> tuple | None:
    out = []
    for i, v in enumerate(values):
        if v is None and not allow_null:
            b.error(o.at(i), "E212", "a range bound value cannot be null (write MINVALUE or MAXVALUE)")
            return None
        if v in (MINVALUE, MAXVALUE) and allow_null:
            b.error(o.at(i), "E212", f"{v} bounds a range, not a list")
            return None
        try:
            out.append(normalize(v, types[i]))
        except ValueError as e:
            b.error(o.at(i), "E212", f"bound value {v!r} does not fit the key column type {types[i]}: {e}")
            return None
    return tuple(out)


def _overlaps(b: Any, bounds: list[tuple[Bound, Origin]], types: tuple[str | None, ...]) -> None:
    seen: dict[Any, Origin] = {}

    def claim(what: Any, label: str, po: Origin) -> None:
        if what in seen:
            b.error(po, "E213", f"{label} is already taken by partition {seen[what].path[-1]!r}", key=True)
        seen.setdefault(what, po)

    ranges = []
    for bound, po in bounds:
        if bound.default:
            claim("default", "the default partition", po)
        elif bound.modulus is not None:
            claim(("hash", bound.modulus, bound.remainder), f"remainder {bound.remainder} of modulus "
                  f"{bound.modulus}", po)
        elif bound.values:
            for v in bound.values:
                claim(("in", v), f"list value {v!r}", po)
        elif all(t is not None and base_name(t) in _ORDERED for t in types):
            lower, upper = _sortable(bound.lower, types), _sortable(bound.upper, types)
            if lower >= upper:
                b.error(po.at("to"), "E213", "the range is empty: 'to' must be above 'from'")
            else:
                ranges.append((lower, upper, po))
    ranges.sort(key=lambda r: r[:2])
    for (_, upper, po), (lower, _, next_po) in zip(ranges, ranges[1:]):
        if lower < upper:
            b.error(next_po, "E213", f"the range overlaps that of partition {po.path[-1]!r}", key=True)


def _sortable(values: tuple, types: tuple) -> tuple:
    """A range end as a comparable tuple (normalized times compare as text)."""
    out = []
    for v, t in zip(values, types):
        if v == MINVALUE:
            out.append((-1, 0))
        elif v == MAXVALUE:
            out.append((1, 0))
        else:
            out.append((0, int(v) if base_name(t) in INTEGER_TYPES else v))
    return tuple(out)


def _key_in_unique(b: Any, table: m.Table, keys: list[m.PartitionKey], o: Origin) -> None:
    """Postgres requires every partition key column, at every level, in a primary key or unique
    constraint of a partitioned table (and no expression key at all then)."""
    for c in table.constraints:
        if not isinstance(c, (m.PrimaryKey, m.Unique)):
            continue
        missing = [k.column for key in keys for k in key.keys if k.column and k.column not in c.columns]
        expression = any(k.expression is not None for key in keys for k in key.keys)
        if missing or expression:
            what = "primary key" if isinstance(c, m.PrimaryKey) else f"unique constraint {c.name!r}"
            why = (f"lacks the partition key column(s) {', '.join(dict.fromkeys(missing))}" if missing else
                   "cannot be declared when the partition key has an expression")
            origin = b.origins.get(("constraint", table.name, c.name)) or (
                o.at("primary_key") if o.value("primary_key") else
                b.origins[("column", table.schema, table.name, c.columns[0])].at("primary_key"))
            b.error(origin, "E211", f"{what} of partitioned table {table.name!r} {why}: Postgres enforces "
                    "uniqueness within each partition only", key=True)
