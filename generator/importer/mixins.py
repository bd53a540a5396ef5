"""Recognise the reusable pieces of drafted tables: mixins (see ``TableParts`` in the spec format).

A column mixin is a run of identical columns (same name, same drafted definition, inline
constraints included) at the start (``placement: first``) or the end (``placement: last``) of
several tables: the builder puts a mixin's columns there, so the column order, and so the
migration, stay the same. Runs are chosen greedily by the columns they save (tables × columns),
each table keeping at least one column of its own. Constraints, indexes and triggers whose name
holds the table's name (``idx_{table}_created_at``), on the mixin's columns alone, and that every
table of a mixin has move into it. A trigger repeated (by such a name) on several tables becomes
a trigger mixin, used by a column mixin when all of its tables have the trigger
(``timestamps: {use: [update_updated_at_trigger]}``), else by the tables themselves.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from typing import Any

MIN_TABLES = 2
MIN_SAVED = 4  # tables × columns a column mixin must save to be worth a name
NAMED_PARTS = ("unique", "checks", "indexes", "triggers")


def detect(tables: dict[str, dict[str, Any]]) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    """(mixins, tables rewritten to ``use`` them); ``tables`` maps table key → drafted table."""
    own = {t: list(doc.get("columns", {}).items()) for t, doc in tables.items()}
    keys = {t: [_key(c) for c in cols] for t, cols in own.items()}
    uses: dict[str, list[str]] = defaultdict(list)
    mixins: dict[str, dict[str, Any]] = {}
    members: dict[str, list[str]] = {}
    for placement in ("first", "last"):
        pool = set(tables)
        while True:
            found = _best_run(own, keys, pool, placement)
            if found is None:
                break
            run, users = found
            name = _unique_name(_run_name([c for c, _ in run]), mixins)
            mixins[name] = {"placement": placement, "columns": dict(run)}
            members[name] = users
            for t in users:
                cut = slice(len(run), None) if placement == "first" else slice(None, -len(run))
                own[t], keys[t] = own[t][cut], keys[t][cut]
                uses[t].append(name)
                pool.discard(t)
    parts = {t: {k: dict(tables[t].get(k, {})) for k in NAMED_PARTS} for t in tables}
    for name, users in members.items():
        _attach_parts(mixins[name], users, parts)
    for name, (triggers, users) in _trigger_groups(parts).items():
        name = _unique_name(name, mixins)
        mixins[name] = {"triggers": dict(triggers)}
        covered: set[str] = set()
        # its tables get the triggers through a column mixin they all use (the closest fit first;
        # never two mixins of one table, which would declare the triggers twice)
        for column_mixin, its_tables in sorted(members.items(), key=lambda m: (len(m[1]) != len(users),
                                                                               -len(m[1]), m[0])):
            if set(its_tables) <= set(users) and not covered & set(its_tables):
                mixins[column_mixin]["use"] = mixins[column_mixin].get("use", []) + [name]
                covered.update(its_tables)
        for t in users:
            for template, _ in triggers:
                del parts[t]["triggers"][_local(template, t)]
            if t not in covered:
                uses[t].append(name)
    mixins = {name: {k: mixin[k] for k in ("placement", "use", "columns", *NAMED_PARTS) if k in mixin}
              for name, mixin in mixins.items()}
    out = {}
    for t, doc in tables.items():
        new: dict[str, Any] = {}
        for key, value in doc.items():
            if key == "columns":
                if uses[t]:
                    new["use"] = sorted(uses[t], key=lambda u: mixins[u].get("placement") != "first")
                new["columns"] = dict(own[t])
            elif key in NAMED_PARTS:
                if parts[t][key]:
                    new[key] = parts[t][key]
            else:
                new[key] = value
        out[t] = new
    return dict(sorted(mixins.items())), out


def _key(column: tuple[str, Any]) -> str:
    """Equal for equal drafted columns: the drafter builds every column's keys in one order."""
    return repr(column)


def _best_run(own: dict[str, list], column_keys: dict[str, list[str]], pool: set[str],
              placement: str) -> tuple[list, list[str]] | None:
    """The run of columns saving the most, with the tables it starts (or ends); None below the bar."""
    counts: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for t in sorted(pool):
        cols = column_keys[t] if placement == "first" else column_keys[t][::-1]
        keys: tuple[str, ...] = ()
        for key in cols[:-1]:  # keep one column of the table's own
            keys += (key,)
            counts[keys].append(t)
    best = None
    for keys, users in counts.items():
        if len(users) < MIN_TABLES or len(users) * len(keys) < MIN_SAVED:
            continue
        score = (len(users) * len(keys), len(keys), keys)
        if best is None or score > best[0]:
            best = (score, keys, users)
    if best is None:
        return None
    _, keys, users = best
    first = own[users[0]]
    run = first[:len(keys)] if placement == "first" else first[-len(keys):]
    return run, users


def _run_name(columns: list[str]) -> str:
    if len(columns) > 1 and all(c.endswith("_at") for c in columns):
        return "timestamps"
    return "_".join(columns) if len(columns) <= 3 else f"{columns[0]}_to_{columns[-1]}"


def _unique_name(name: str, taken: dict) -> str:
    candidate, i = name, 2
    while candidate in taken:
        candidate, i = f"{name}_{i}", i + 1
    return candidate


def _template(name: str, table: str) -> str | None:
    """``name`` with the table's name (as a whole ``_``-separated word) replaced by ``{table}``."""
    pattern = r"(?<![A-Za-z0-9])" + re.escape(table) + r"(?![A-Za-z0-9])"
    return re.sub(pattern, "{table}", name) if re.search(pattern, name) else None


def _local(template: str, table: str) -> str:
    return template.replace("{table}", table)


def _attach_parts(mixin: dict[str, Any], users: list[str], parts: dict[str, dict[str, dict]]) -> None:
    """Move into ``mixin`` the named parts every one of its tables has, by the same template."""
    head = users[0]
    for kind in ("unique", "indexes"):
        for name, value in list(parts[head][kind].items()):
            template = _template(name, head)
            if template is None or "{table}" in json.dumps(value) or not _on_columns(value, mixin):
                continue
            if all(parts[t][kind].get(_local(template, t)) == value for t in users):
                mixin.setdefault(kind, {})[template] = value
                for t in users:
                    del parts[t][kind][_local(template, t)]


def _on_columns(value: dict[str, Any], mixin: dict[str, Any]) -> bool:
    """A unique constraint or index moves with the mixin's columns only when it is on them alone."""
    columns = mixin["columns"]
    keys = value["columns"] + value.get("include", [])
    return all(isinstance(k, str) and k in columns for k in keys) and "where" not in value


def _trigger_groups(parts: dict[str, dict[str, dict]]) -> dict[str, tuple[list[tuple[str, Any]], list[str]]]:
    """Triggers repeated (by template) on several tables, grouped by the exact set of tables."""
    tables_of: dict[tuple[str, str], list[str]] = defaultdict(list)
    values: dict[tuple[str, str], Any] = {}
    for t in sorted(parts):
        for name, value in parts[t]["triggers"].items():
            template = _template(name, t)
            if template is not None:
                k = (template, json.dumps(value, sort_keys=True))
                tables_of[k].append(t)
                values[k] = value
    groups: dict[tuple[str, ...], list[tuple[str, Any]]] = defaultdict(list)
    for k, users in tables_of.items():
        if len(users) >= MIN_TABLES:
            groups[tuple(users)].append((k[0], values[k]))
    out = {}
    for users, triggers in sorted(groups.items(), key=lambda g: sorted(g[1], key=lambda x: x[0])[0][0]):
        triggers.sort(key=lambda x: x[0])
        function = triggers[0][1]["function"].rpartition(".")[2]
        out[_unique_name(f"{function}_trigger", out)] = (triggers, list(users))
    return out
