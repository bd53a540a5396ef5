"""Exclusion constraints and the deferrable options of keys: from the spec to the model.

An exclusion element is an index key (``column`` or ``expression``, ``opclass``, ``order``,
``nulls``) with the operator (``with``) two rows must not satisfy together. A gist index has no
operator class for scalar types (integers, text, uuid, timestamps ...) unless the btree_gist
extension provides one, so such an element without ``opclass`` needs it declared (E195): else the
migration would fail with "data type integer has no default operator class for access method gist".
"""

from __future__ import annotations

import re

from generator.model import objects as m
from generator.model.types import base_name, element_type
from generator.spec import format as fmt
from generator.spec.files import Origin

OPERATOR = re.compile(r"^(?:[-+*/<>=~!@#%^&|`?]{1,63}|OPERATOR\([A-Za-z_][A-Za-z0-9_]*\.[-+*/<>=~!@#%^&|`?]{1,63}\))$")
OPCLASS = re.compile(r"^(?:[A-Za-z_][A-Za-z0-9_$]*\.)?[A-Za-z_][A-Za-z0-9_$]*$")
BTREE_GIST_TYPES = {  # scalar types gist can index only through btree_gist's operator classes
    "smallint", "integer", "bigint", "numeric", "real", "double precision", "money", "oid", "text",
    "character varying", "character", "bytea", "uuid", "date", "time without time zone",
    "time with time zone", "timestamp without time zone", "timestamp with time zone", "interval",
    "inet", "cidr", "macaddr", "macaddr8", "bit", "bit varying"}


def deferrable_problem(deferrable: bool, initially_deferred: bool) -> str | None:
    """E197's message when ``initially_deferred`` is set without ``deferrable``."""
    if initially_deferred and not deferrable:
        return "initially_deferred needs deferrable: true (Postgres defers only a deferrable constraint)"
    return None


def exclusion(builder, name: str, spec: fmt.ExclusionSpec, o: Origin, columns: dict[str, m.Column],
              table: str, extensions) -> m.Exclusion:
    """The model of one ``exclusions:`` entry; problems go to ``builder``'s diagnostics."""
    elements = []
    for i, e in enumerate(spec.elements):
        eo = o.at("elements", i)
        if e.column is not None and e.column not in columns:
            builder.error(eo.at("column"), "E130", f"table {table!r} has no column {e.column!r}")
        if not OPERATOR.match(e.with_):
            builder.error(eo.at("with"), "E196", f"{e.with_!r} is not an operator: write it bare ('&&', '=') "
                          "or as OPERATOR(schema.op)")
        if e.opclass is not None and not OPCLASS.match(e.opclass):
            builder.error(eo.at("opclass"), "E112", f"operator class {e.opclass!r} is not a name")
        if spec.method != "btree" and (e.order != "asc" or e.nulls is not None):
            builder.error(eo.at("order" if e.order != "asc" else "nulls"), "E112",
                          f"a {spec.method} index has no key order: 'order' and 'nulls' are for method btree")
        col = columns.get(e.column) if e.column is not None else None
        if (spec.method == "gist" and col is not None and e.opclass is None and "btree_gist" not in extensions
                and base_name(element_type(col.type)) in BTREE_GIST_TYPES and not col.type.endswith("[]")):
            builder.error(eo.at("column"), "E195", f"column {e.column!r} is {col.type}: a gist index compares it "
                          "only with the btree_gist extension; declare btree_gist under 'extensions'")
        desc = e.order == "desc"
        key = m.IndexKey(e.column, builder.expr(e.expression, eo.at("expression")), e.opclass, desc,
                         desc if e.nulls is None else e.nulls == "first")
        elements.append(m.ExclusionElement(key, e.with_))
    builder.columns_exist(spec.include, columns, table, o.at("include"))
    if spec.method in ("hash", "spgist") and len(spec.elements) > 1:
        builder.error(o.at("elements"), "E112", f"a {spec.method} index has one key: give one element, or use gist")
    if spec.method == "hash" and spec.include:
        builder.error(o.at("include"), "E112", "a hash index cannot include columns")
    problem = deferrable_problem(spec.deferrable, spec.initially_deferred)
    if problem:
        builder.error(o.at("initially_deferred"), "E197", problem)
    return m.Exclusion(name, tuple(elements), spec.method, tuple(spec.include), builder.expr(spec.where, o.at("where")),
                       spec.deferrable, spec.initially_deferred, spec.comment)
