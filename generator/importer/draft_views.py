"""Views → the ``views:`` section of the imported ``system.yaml``: the query as Postgres prints
it (``pg_get_viewdef`` pretty), column types as a person writes them, options at their default
left out."""

from __future__ import annotations

from typing import Any

from generator.importer.draft import PRIVILEGES, index_doc, type_text
from generator.model import objects as m


def views_doc(model: m.Model) -> dict[str, Any]:
    if not model.views:
        return {}
    return {"views": {v.name: view_doc(v) for v in sorted(model.views.values(), key=lambda v: (v.name, v.schema))}}


def view_doc(v: m.View) -> dict[str, Any]:
    doc: dict[str, Any] = {}
    if v.schema != "public":
        doc["schema"] = v.schema
    if v.materialized:
        doc["materialized"] = True
    if not v.with_data:
        doc["with_data"] = False
    for option in ("security_invoker", "security_barrier"):
        if getattr(v, option):
            doc[option] = True
    if v.check_option:
        doc["check_option"] = v.check_option
    if v.comment is not None:
        doc["comment"] = v.comment
    doc["query"] = "\n".join(line.rstrip() for line in _dedent(v.query.text).split("\n"))
    doc["columns"] = {c.name: {"type": type_text(c.type), **({"comment": c.comment} if c.comment else {})}
                      for c in v.columns}
    if v.indexes:
        doc["indexes"] = {ix.name: index_doc(ix) for ix in v.indexes}
    if v.grants:
        roles = sorted({r for r, _ in v.grants})
        doc["grants"] = {r: [p for p in PRIVILEGES if (r, p) in v.grants] for r in roles}
    return doc


def _dedent(text: str) -> str:
    """Postgres right-aligns the clause keywords one column in (`` SELECT``, ``   FROM``); the
    query's first line lost that space, so the others lose it too and stay aligned with it."""
    lines = text.split("\n")
    if all(line.startswith(" ") or not line for line in lines[1:]):
        lines = [lines[0]] + [line[1:] for line in lines[1:]]
    return "\n".join(lines)
