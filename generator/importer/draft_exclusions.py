"""Spec mappings of exclusion constraints, and the deferrable options keys write."""

from __future__ import annotations

from typing import Any

from generator.model import objects as m


def deferrable_doc(c: m.Constraint) -> dict[str, Any]:
    """``{deferrable: true, initially_deferred: true}`` as far as they are set."""
    out: dict[str, Any] = {}
    if getattr(c, "deferrable", False):
        out["deferrable"] = True
    if getattr(c, "initially_deferred", False):
        out["initially_deferred"] = True
    return out


def exclusion_doc(x: m.Exclusion) -> dict[str, Any]:
    elements = []
    for e in x.elements:
        k = e.key
        element: dict[str, Any] = {"column": k.column} if k.column is not None else {"expression": k.expression.text}
        element["with"] = e.operator
        if k.opclass:
            element["opclass"] = k.opclass
        if k.descending:
            element["order"] = "desc"
        if k.nulls_first != k.descending:
            element["nulls"] = "first" if k.nulls_first else "last"
        elements.append(element)
    doc: dict[str, Any] = {"elements": elements}
    if x.method != "gist":
        doc["method"] = x.method
    if x.include:
        doc["include"] = list(x.include)
    if x.where is not None:
        doc["where"] = x.where.text
    doc |= deferrable_doc(x)
    if x.comment is not None:
        doc["comment"] = x.comment
    return doc
