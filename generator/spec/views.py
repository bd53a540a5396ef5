"""The ``views:`` section → ``View`` objects, checked without a database.

The query is one SELECT (E180); its output names, where sqlglot can tell them, are the declared
``columns`` in order (E181); the tables and views it reads exist in the spec (E182); options fit
the kind of view (E183); views do not read each other in a circle (E184). Column types must be
known types; whether they are the ones Postgres infers is checked by the tests and by drift.
W207: a view granted to a role that reads a table under row level security as its owner (not
``security_invoker``), so the policies do not apply to whoever it is granted to.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator.model import objects as m
from generator.model.expr import Expr
from generator.model.view_query import query_facts
from generator.spec.fragments import fragment_problem

if TYPE_CHECKING:
    from generator.spec.build import _Builder

SYSTEM_SCHEMAS = {"pg_catalog", "information_schema"}


def build_views(b: "_Builder", model: m.Model) -> None:
    """Add the spec's views to ``model`` (after its tables), reporting problems on ``b``."""
    for name, (spec, o) in sorted(b.sec["views"].items()):
        view = _view(b, name, spec, o, model)
        if view is None:
            continue
        if view.qname in model.tables:
            b.error(o, "E120", f"view {name!r} has the name of a table (schema {view.schema!r})", key=True)
        model.views[view.qname] = view
        b.origins[("view", *view.qname)] = o
    for view in model.views.values():
        _reads(b, view, model)
    _cycles(b, model)
    if not any(d.is_error for d in b.diags):
        for view in model.views.values():
            if "W207" not in b.sec["views"][view.name][0].allow_warnings:
                _bypasses_rls(b, view, model)


def _bypasses_rls(b: "_Builder", view: m.View, model: m.Model) -> None:
    """W207: a view granted to a role reads, as its owner, a table under row level security."""
    if view.security_invoker or not view.grants:
        return
    seen, todo, tables = set(), [view.qname], []
    while todo:
        for r in sorted(query_facts(model.views[todo.pop()].query.text).relations):
            if r in model.views and r not in seen and not model.views[r].security_invoker:
                seen.add(r)
                todo.append(r)
            elif r in model.tables and model.tables[r].rls_enabled:
                tables.append(m.qname_text(r))
    if tables:
        how = "a materialized view holds what its owner saw" if view.materialized else \
            "add 'security_invoker: true' so that the caller's policies apply"
        b.error(b.origins[("view", *view.qname)], "W207", f"view {view.name!r} is granted to "
                f"{', '.join(sorted({r for r, _ in view.grants}))} but reads {', '.join(sorted(set(tables)))} "
                f"with its owner's rights, bypassing row level security: {how} (or accept it in "
                "'allow_warnings' with the reason in the comment)", key=True)


def _view(b: "_Builder", name: str, spec, o, model: m.Model) -> m.View | None:
    name = b.name(name, o)
    schema = b.schema(spec.schema_, o.at("schema"))
    problem = fragment_problem(spec.query)
    facts = query_facts(spec.query)
    if problem:
        b.error(o.at("query"), "E180", f"view {name!r}: {problem.replace('SQL fragment', 'the query')}")
        return None
    if facts.parsed and not facts.is_query:
        b.error(o.at("query"), "E180", f"view {name!r}: the query must be one SELECT (or VALUES)")
        return None
    if not facts.parsed:
        b.error(o.at("query"), "I300", "sqlglot cannot read this query; it is kept as written, Postgres "
                "judges it, and pgspec cannot see what it reads (create what it reads first)")
    columns = []
    for cname, col in spec.columns.items():
        co = o.at("columns", cname)
        columns.append(m.ViewColumn(b.name(cname, co), b.type_(col.type, co.at("type"))[0], col.nullable,
                                    col.comment, col.sensitive or cname in _sensitive_columns(facts, model)))
    outputs = facts.outputs
    if outputs is not None:
        if len(outputs) != len(columns):
            b.error(o.at("columns"), "E181", f"view {name!r} declares {len(columns)} column(s) but its query "
                    f"gives {len(outputs)}")
        else:
            for out, col in zip(outputs, columns):
                if out is not None and out != col.name:
                    b.error(o.at("columns", col.name), "E181", f"view {name!r}: the query's column at this "
                            f"place is {out!r}, not {col.name!r} (columns are listed in the query's order)",
                            key=True)
    if not spec.materialized:
        if spec.indexes:
            b.error(o.at("indexes"), "E183", f"view {name!r}: only a materialized view has indexes", key=True)
        if not spec.with_data:
            b.error(o.at("with_data"), "E183", f"view {name!r}: with_data is for materialized views")
    else:
        for field in ("security_invoker", "security_barrier", "check_option"):
            if getattr(spec, field):
                b.error(o.at(field), "E183", f"materialized view {name!r} cannot have {field}", key=True)
    names = {c.name: c for c in columns}
    indexes = b.indexes(name, [(spec, o)], names) if spec.materialized else ()
    return m.View(schema, name, Expr(spec.query), tuple(columns), spec.materialized, indexes,
                  b.grants([(spec, o)], model), spec.security_invoker, spec.security_barrier, spec.check_option,
                  spec.with_data, spec.comment)


def _sensitive_columns(facts, model: m.Model) -> set[str]:
    """Names of sensitive columns of the tables a query reads: a view column so named is hidden too."""
    tables = [model.tables[q] for q in facts.relations if q in model.tables]
    return {c.name for t in tables for c in t.columns if c.sensitive}


def _reads(b: "_Builder", view: m.View, model: m.Model) -> None:
    o = b.origins[("view", *view.qname)]
    for q in sorted(query_facts(view.query.text).relations):
        if q[0] in SYSTEM_SCHEMAS or q in model.tables or q in model.views:
            continue
        b.error(o.at("query"), "E182", f"view {view.name!r} reads {m.qname_text(q)!r}, which is neither a "
                "table nor a view of the spec")


def _cycles(b: "_Builder", model: m.Model) -> None:
    """Views reading each other in a circle (Postgres cannot create them)."""
    state: dict[m.QName, int] = {}

    def visit(q: m.QName, path: tuple[m.QName, ...]) -> None:
        if state.get(q) == 2:
            return
        if state.get(q) == 1:
            loop = path[path.index(q):] + (q,)
            b.error(b.origins[("view", *q)].at("query"), "E184",
                    "views read each other in a circle: " + " → ".join(m.qname_text(x) for x in loop))
            return
        state[q] = 1
        for r in sorted(query_facts(model.views[q].query.text).relations):
            if r in model.views:
                visit(r, path + (q,))
        state[q] = 2

    for q in sorted(model.views):
        visit(q, ())
