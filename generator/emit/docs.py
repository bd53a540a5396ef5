"""``generated/<system>/README.md``: the schema as people read it, from ``templates/readme.md.j2``.

Everything shown comes from the model, so the docs cannot drift from the spec: tables with
their columns, keys, constraints, indexes, triggers, partitions, row level security in plain words, grants,
typed JSONB structure and seed rows; enums, functions, roles, the session settings policies
read, the migration history, and Mermaid ER diagrams (one per spec file as well, for systems
with many tables). The comments of the spec, where decisions are recorded, are shown next to
what they describe.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.emit.docs_privileges import default_privilege_lines, schema_grant_lines
from generator.emit.erd import er_diagram, key_marks
from generator.emit.quoting import literal
from generator.redaction import REDACTED
from generator.diff import changes as ch
from generator.emit.sql import constraint_body, render
from generator.emit.sql_partitions import partition_by_sql
from generator.emit.templates import render_template
from generator.model import objects as m
from generator.model.types import SERIAL_OF
from generator.spec.build import Built

GROUP_DIAGRAMS_ABOVE = 8  # tables; past this, the overview shows keys only and each spec file
                          # gets its own diagram with every column
_SETTING = re.compile(r"current_setting\(\s*'([^']+)'")
_COMMANDS = {"all": "every command", "select": "SELECT", "insert": "INSERT", "update": "UPDATE",
             "delete": "DELETE"}


@dataclass(frozen=True)
class Migration:
    name: str
    summary: str


def anchor(kind: str, name: str) -> str:
    return f"{kind}-" + re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def code(text: str) -> str:
    """Inline code that survives backticks and table pipes."""
    text = " ".join(str(text).split()).replace("|", "\\|")
    fence = "``" if "`" in text else "`"
    return f"{fence}{text}{fence}" if fence == "`" else f"{fence} {text} {fence}"


def cell(text: str | None) -> str:
    return " ".join((text or "").split()).replace("|", "\\|")


def policy_words(p: m.Policy) -> str:
    """What a policy allows, in a sentence."""
    who = ", ".join(p.roles)
    kind = "Permissive" if p.permissive else "Restrictive (every such policy must also pass)"
    parts = [f"{kind}, for {_COMMANDS[p.command]}, applies to {who}."]
    if p.using is not None:
        verb = {"select": "visible", "delete": "deletable", "update": "updatable"}.get(p.command, "visible and writable")
        parts.append(f"A row is {verb} when {code(p.using.text)}.")
    if p.with_check is not None:
        parts.append(f"A row written must satisfy {code(p.with_check.text)}.")
    return " ".join(parts)


def trigger_words(t: m.Trigger) -> str:
    events = " or ".join(e.upper() + (f" of {', '.join(t.update_columns)}" if e == "update" and t.update_columns else "")
                         for e in t.events)
    when = f" when {code(t.when.text)}" if t.when is not None else ""
    return f"{t.timing.upper()} {events}, for each {t.for_each}{when}"


def index_keys(ix: m.Index) -> str:
    keys = []
    for k in ix.keys:
        text = k.column if k.column else k.expression.text
        text += f" {k.opclass}" if k.opclass else ""
        text += " DESC" if k.descending else ""
        keys.append(text)
    return ", ".join(keys)


def json_rows(schema: dict[str, Any], prefix: str = "") -> list[dict[str, str]]:
    """A JSON Schema's properties, flattened: path, type, required, description."""
    rows = []
    required = set(schema.get("required", ()))
    for name, prop in (schema.get("properties") or {}).items():
        path = f"{prefix}{name}"
        kind = prop.get("type", "any")
        kind = " or ".join(kind) if isinstance(kind, list) else kind
        if "enum" in prop:
            kind += " (" + ", ".join(json.dumps(v) for v in prop["enum"]) + ")"
        if kind == "array" and isinstance(prop.get("items"), dict):
            kind = f"array of {prop['items'].get('type', 'any')}"
        rows.append({"path": path, "type": kind, "required": "yes" if name in required else "no",
                     "description": prop.get("description", "")})
        if isinstance(prop, dict) and prop.get("properties"):
            rows += json_rows(prop, path + ".")
    return rows


def session_settings(model: m.Model) -> dict[str, list[str]]:
    """Each session setting that policies read (directly or through a function) → the tables."""
    bodies = {f.name: f.body for f in model.functions.values()}
    found: dict[str, set[str]] = {}
    for t in model.tables.values():
        for p in t.policies:
            text = " ".join(e.text for e in (p.using, p.with_check) if e is not None)
            texts = [text] + [body for name, body in bodies.items() if re.search(rf"\b{re.escape(name)}\s*\(", text)]
            for setting in _SETTING.findall(" ".join(texts)):
                found.setdefault(setting, set()).add(m.qname_text(t.qname))
    return {k: sorted(v) for k, v in sorted(found.items())}


def column_type(c: m.Column) -> str:
    text = SERIAL_OF[c.type] if c.serial else c.type
    text += f" collate {c.collation}" if c.collation else ""
    text += f" generated always as ({c.generated.text}) stored" if c.generated else ""
    options = " (" + ", ".join(f"{k} {v}" for k, v in c.identity_options) + ")" if c.identity_options else ""
    return text + (f" generated {c.identity} as identity{options}" if c.identity else "")


def sequence_grants(s: m.Sequence) -> str:
    """``app: usage, select``; roles separated by semicolons."""
    roles: dict[str, list[str]] = {}
    for r, p in s.grants:
        roles.setdefault(r, []).append(p)
    return "; ".join(f"{r}: {', '.join(ps)}" for r, ps in roles.items())


def readme(built: Built, migrations: list[Migration]) -> str:
    """The text of ``generated/<system>/README.md``."""
    model = built.model
    tables = sorted(model.tables.values(), key=lambda t: (_group(built, t), t.schema, t.name))
    groups: dict[str, list[m.Table]] = {}
    for t in tables:
        groups.setdefault(_group(built, t), []).append(t)
    triggers_of: dict[str, list[str]] = {}
    for t in tables:
        for trg in t.triggers:
            triggers_of.setdefault(m.qname_text(trg.function), []).append(f"{trg.name} on {m.qname_text(t.qname)}")
    large = len(tables) > GROUP_DIAGRAMS_ABOVE
    return render_template(
        "readme.md.j2",
        model=model, tables=tables, groups=groups, migrations=migrations,
        diagram=er_diagram(tables, keys_only=large), large=large,
        group_diagrams={g: er_diagram(ts) for g, ts in groups.items()} if large else {},
        settings=session_settings(model), triggers_of=triggers_of,
        schema_grants=schema_grant_lines(model), default_privileges=default_privilege_lines(model),
        policy_count=sum(len(t.policies) for t in tables), trigger_count=sum(len(t.triggers) for t in tables),
        functions=sorted(model.functions.values(), key=lambda f: f.signature),
        qname=m.qname_text, anchor=anchor, code=code, cell=cell, policy_words=policy_words,
        trigger_words=trigger_words, index_keys=index_keys, json_rows=json_rows, key_marks=key_marks,
        column_type=column_type, foreign_keys=_foreign_keys, seed_value=_seed_value, redacted=REDACTED,
        sequence_grants=sequence_grants,
        constraint_sql=constraint_body, policy_sql=lambda t, p: render(ch.Create(p, t.qname))[0],
        partition_by_sql=partition_by_sql)


def _group(built: Built, t: m.Table) -> str:
    origin = built.origins.get(("table", t.schema, t.name))
    return Path(origin.doc.file).stem if origin else ""


def _foreign_keys(t: m.Table) -> dict[str, m.ForeignKey]:
    return {c: fk for fk in t.constraints if isinstance(fk, m.ForeignKey) for c in fk.columns}


def _seed_value(t: m.Table, column: str, value: Any) -> str:
    if value is None:
        return "NULL"
    col = t.column(column)
    return REDACTED if col.sensitive else literal(value, col.type)
