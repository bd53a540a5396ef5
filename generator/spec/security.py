"""Security lints: what the database would let through that the spec did not mean.

- E170 a SECURITY DEFINER function without a pinned ``search_path`` (an error: whoever can
  create an object earlier on the caller's search path runs code as the function's owner).
- E171 a policy calling a spec function that one of its roles may not execute (functions are
  executable only by the roles in their ``grants``): every query of that role would fail.
- W203 a table holding a tenant key (a column marked ``tenant: true``, or named ``org_id``,
  ``organization_id`` or ``workspace_id`` unless marked ``tenant: false``) without row level security.
- W204 row level security enabled but not forced on a table no declared role may use: the only
  role that can read it is its owner, which row level security skips unless it is FORCEd.
- W205 a policy reading ``current_setting(name)`` without ``missing_ok => true``: an unset
  setting raises an error instead of matching nothing.
- W206 a policy querying its own table: Postgres applies the policy to that subquery again, and
  the query fails with "infinite recursion detected in policy".

Expressions are read through sqlglot's parse tree; a fragment sqlglot cannot parse is read
through its tokens instead, so no policy escapes the check.
"""

from __future__ import annotations

from collections.abc import Iterator

import sqlglot
from sqlglot import exp
from sqlglot.errors import ParseError, TokenError
from sqlglot.tokens import TokenType

from generator.errors import Diagnostic
from generator.model import objects as m
from generator.model.expr import tokens

TENANT_NAMES = ("org_id", "organization_id", "workspace_id")
_TRUE = {"true", "t", "on", "yes", "y", "1"}


def functions_by_name(model: m.Model) -> dict[str, list[m.Function]]:
    """The spec's functions under each lower-cased name a call may use: ``name`` and ``schema.name``."""
    by_name: dict[str, list[m.Function]] = {}
    for fn in model.functions.values():
        by_name.setdefault(fn.name.lower(), []).append(fn)
        by_name.setdefault(f"{fn.schema}.{fn.name}".lower(), []).append(fn)
    return by_name


def sql_functions(by_name: dict[str, list[m.Function]]) -> dict[str, m.Function]:
    """The SQL-language function each name calls (the last declared, for a name two schemas share)."""
    return {name: sql[-1] for name, fns in by_name.items() if (sql := [f for f in fns if f.language == "sql"])}


def function_errors(model: m.Model, origins: dict, by_name: dict[str, list[m.Function]]) -> list[Diagnostic]:
    """E170 for every SECURITY DEFINER function whose search_path is not pinned; E171 for every
    policy calling a function one of its roles may not execute (``by_name``: ``functions_by_name``)."""
    out = []
    for table in model.tables.values():
        for p in table.policies:
            for part, expr in (("using", p.using), ("with_check", p.with_check)):
                if expr is None:
                    continue
                for called in sorted(_calls(_parse(expr.text), expr.text)):
                    for fn in by_name.get(called, ()):
                        if "public" in fn.grants:
                            continue
                        for r in sorted(set(p.roles) - set(fn.grants)):
                            po = origins.get(("policy", table.schema, table.name, p.name),
                                             origins[("table", table.schema, table.name)])
                            out.append(po.at(part).diag(
                                "E171", f"policy {p.name!r} on {table.name!r} calls {fn.name}(), which role "
                                f"{r!r} may not execute, so its queries would fail: add {r!r} to the "
                                f"function's 'grants'"))
    for fn in model.functions.values():
        if fn.security_definer and not fn.search_path:
            o = origins[("function", fn.schema, fn.name)]
            out.append(o.at("security").diag(
                "E170", f"function {fn.name!r} is SECURITY DEFINER without a pinned search_path: a role that "
                "can create objects on the caller's search path would run its own code with the owner's "
                "rights (add 'search_path: pg_catalog, public')"))
    return out


def table_warnings(table: m.Table, origins: dict, called: dict[str, m.Function]) -> list[Diagnostic]:
    """W203-W206 for one table; ``called`` (``sql_functions``) are the SQL functions its policies may
    call: one reading a setting unsafely makes the policy calling it unsafe too."""
    o = origins[("table", table.schema, table.name)]
    out = []
    if not table.rls_enabled:
        for col in table.columns:
            if col.tenant or (col.tenant is None and col.name in TENANT_NAMES):
                why = "is marked 'tenant: true'" if col.tenant else "is named like a tenant key"
                out.append(origins[("column", table.schema, table.name, col.name)].diag(
                    "W203", f"column {col.name!r} of table {table.name!r} {why} but the table has no row level "
                    "security, so every role granted on it sees every tenant's rows (enable 'rls', or mark "
                    "the column 'tenant: false')", key=True))
    elif not table.rls_forced and not any(r != "public" for r, _ in table.grants):
        out.append(o.at("rls").diag(
            "W204", f"table {table.name!r} enables row level security without 'forced: true', but no declared "
            "role is granted on it: the application must then connect as the owner, whom row level "
            "security skips unless forced", key=True))
    for p in table.policies:
        po = origins.get(("policy", table.schema, table.name, p.name), o)
        for part, expr in (("using", p.using), ("with_check", p.with_check)):
            if expr is None:
                continue
            tree = _parse(expr.text)
            via = sorted({fn.name for name in _calls(tree, expr.text) if (fn := called.get(name))
                          and any(True for _ in _unsafe_settings(_parse(fn.body), fn.body))})
            if any(True for _ in _unsafe_settings(tree, expr.text)) or via:
                where = f" (through {', '.join(f'{v}()' for v in via)})" if via else ""
                out.append(po.at(part).diag(
                    "W205", f"policy {p.name!r} reads current_setting() without missing_ok = true{where}: while "
                    "the setting is unset every query fails instead of matching no row (write "
                    "current_setting('name', true))"))
            if _queries_table(tree, expr.text, table):
                out.append(po.at(part).diag(
                    "W206", f"policy {p.name!r} queries its own table {table.name!r}: Postgres applies the "
                    "policy to that subquery again and fails with 'infinite recursion detected in policy' "
                    "(read it through a SECURITY DEFINER function instead)"))
    return out


def _parse(text: str) -> exp.Expression | None:
    try:
        return sqlglot.parse_one(text, read="postgres")
    except (ParseError, TokenError, ValueError):
        return None


def _unsafe_settings(tree: exp.Expression | None, text: str) -> Iterator[str]:
    """The calls ``current_setting(...)`` that raise an error when the setting is unset."""
    if tree is not None:
        for call in tree.find_all(exp.Anonymous):
            if call.name.lower() == "current_setting" and not _missing_ok(call.expressions[1:2]):
                yield call.sql(dialect="postgres")
        return
    toks = tokens(text)
    for i, t in enumerate(toks[:-1]):
        if t.text.lower() == "current_setting" and toks[i + 1].token_type == TokenType.L_PAREN:
            args = _token_args(toks, i + 1)
            if len(args) < 2 or args[1].lower().strip("'") not in _TRUE:
                yield t.text


def _calls(tree: exp.Expression | None, text: str) -> set[str]:
    """Lower-cased names (``name`` or ``schema.name``) of the functions an expression calls."""
    if tree is not None:
        out = set()
        for call in tree.find_all(exp.Anonymous):
            out.add(call.name.lower())
            if isinstance(call.parent, exp.Dot) and isinstance(call.parent.this, exp.Identifier):
                out.add(f"{call.parent.this.name}.{call.name}".lower())
        return out
    toks = tokens(text)
    out = set()
    for i, t in enumerate(toks[:-1]):
        if toks[i + 1].token_type == TokenType.L_PAREN:
            name = t.text.lower()
            if i >= 2 and toks[i - 1].token_type == TokenType.DOT:
                out.add(f"{toks[i - 2].text}.{name}".lower())
            out.add(name)
    return out


def _missing_ok(args: list[exp.Expression]) -> bool:
    if not args:
        return False
    arg = args[0]
    if isinstance(arg, exp.Boolean):
        return bool(arg.this)
    return isinstance(arg, exp.Literal) and arg.this.lower() in _TRUE


def _token_args(toks: list, open_at: int) -> list[str]:
    """The argument texts of the call whose '(' is token ``open_at``."""
    args, current, depth = [], [], 0
    for t in toks[open_at:]:
        if t.token_type == TokenType.L_PAREN:
            depth += 1
            if depth == 1:
                continue
        elif t.token_type == TokenType.R_PAREN:
            depth -= 1
            if depth == 0:
                break
        if depth == 1 and t.token_type == TokenType.COMMA:
            args.append(" ".join(current))
            current = []
        else:
            current.append(t.text)
    return args + ([" ".join(current)] if current else [])


def _queries_table(tree: exp.Expression | None, text: str, table: m.Table) -> bool:
    """Whether the expression reads ``table`` in a FROM or JOIN (a column qualifier is not a read)."""
    if tree is not None:
        ctes = {c.alias_or_name.lower() for c in tree.find_all(exp.CTE)}
        return any(_same(t.name, t.db or None, table) and not (not t.db and t.name.lower() in ctes)
                   for t in tree.find_all(exp.Table))
    toks = tokens(text)
    for i, t in enumerate(toks[:-1]):
        if t.token_type in (TokenType.FROM, TokenType.JOIN):
            name = toks[i + 1].text
            if i + 3 < len(toks) and toks[i + 2].token_type == TokenType.DOT:
                if _same(toks[i + 3].text, name, table):
                    return True
            elif _same(name, None, table):
                return True
    return False


def _same(name: str, schema: str | None, table: m.Table) -> bool:
    return name.lower() == table.name.lower() and (schema is None or schema.lower() == table.schema.lower())
