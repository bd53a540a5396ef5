"""Property: for random pairs of small specs (a spec and a random edit of it), the generated
migration applies, drift against the second spec is empty, and the down migration restores the
first (drift against it is empty again).

Specs are drawn as data (tables of typed columns with defaults, comments, uniques, checks,
indexes, foreign keys and RLS), edited by random operations (add, drop, rename or retype a
column, flip nullability, defaults and comments, add or drop tables, indexes and foreign keys),
and written as YAML. Tables hold no rows, so every type change is given a ``using:`` through text.
Deterministic in CI (``derandomize``, no example database), as the fuzz test is.
"""

from __future__ import annotations

import copy
import shutil
from pathlib import Path

import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from generator.cli import main
from generator.drift import drift
from generator.migrate.runner import Runner
from generator.spec.build import load_system

TYPES = {  # type → a default of that type
    "integer": {"value": 0}, "bigint": {"value": 7}, "text": {"value": "x"}, "varchar(20)": {"value": "y"},
    "boolean": {"value": True}, "numeric(10,2)": {"value": 1.5}, "timestamptz": {"sql": "now()"},
    "jsonb": {"value": {"k": 1}}, "date": {"sql": "CURRENT_DATE"}, "uuid": {"sql": "gen_random_uuid()"},
}
NAMES = ["alpha", "beta", "gamma", "delta", "epsilon"]
TABLES = ["parts", "bins", "shelves"]

column = st.fixed_dictionaries({
    "type": st.sampled_from(sorted(TYPES)), "nullable": st.booleans(), "default": st.booleans(),
    "comment": st.sampled_from([None, "first note", "second note"]), "unique": st.booleans()})
table = st.fixed_dictionaries({
    "columns": st.dictionaries(st.sampled_from(NAMES), column, max_size=4),
    "index": st.booleans(), "rls": st.booleans(), "comment": st.sampled_from([None, "a table"]),
    "fk": st.booleans()})
spec = st.dictionaries(st.sampled_from(TABLES), table, min_size=1, max_size=3)


def _edit(draw, data: dict) -> dict:
    """One random edit of a drawn spec."""
    data = copy.deepcopy(data)
    name = draw(st.sampled_from(sorted(data)))
    t = data[name]
    op = draw(st.sampled_from(["add_column", "drop_column", "rename_column", "retype", "nullable", "default",
                               "comment", "unique", "index", "fk", "rls", "add_table", "drop_table"]))
    cols = sorted(t["columns"])
    if op == "add_column" or not cols and op in ("drop_column", "rename_column", "retype", "nullable",
                                                   "default", "comment", "unique"):
        free = [n for n in NAMES if n not in t["columns"]]
        if free:
            t["columns"][draw(st.sampled_from(free))] = draw(column)
    elif op == "drop_column":
        del t["columns"][draw(st.sampled_from(cols))]
    elif op == "rename_column":
        old = draw(st.sampled_from(cols))
        free = [n for n in NAMES if n not in t["columns"]]
        if free:
            t["columns"][draw(st.sampled_from(free))] = dict(t["columns"].pop(old), renamed_from=old)
    elif op in ("retype", "nullable", "default", "comment", "unique"):
        c = t["columns"][draw(st.sampled_from(cols))]
        if op == "retype":
            c["type"] = draw(st.sampled_from(sorted(TYPES)))
        elif op == "comment":
            c["comment"] = draw(st.sampled_from([None, "first note", "other note"]))
        else:
            c[op] = not c[op]
    elif op in ("index", "fk", "rls"):
        t[op] = not t[op]
    elif op == "add_table" and len(data) < len(TABLES):
        data[draw(st.sampled_from([n for n in TABLES if n not in data]))] = draw(table)
    elif op == "drop_table" and len(data) > 1:
        del data[name]
    return data


@st.composite
def spec_pairs(draw):
    first = draw(spec)
    second = first
    for _ in range(draw(st.integers(1, 3))):
        second = _edit(draw, second)
    return first, second


def _yaml(data: dict, previous: dict | None) -> str:
    """The spec text of drawn data; ``previous`` (the first spec) gives ``using:`` for retyped columns."""
    tables = {}
    names = sorted(data)
    for name in names:
        t = data[name]
        columns = {"id": {"type": "bigint", "primary_key": True}}
        for cname, c in sorted(t["columns"].items()):
            col = {"type": c["type"], "nullable": c["nullable"]}
            for key in ("comment", "renamed_from"):
                if c.get(key):
                    col[key] = c[key]
            if c["default"]:
                col["default"] = copy.deepcopy(TYPES[c["type"]])  # shared objects would become YAML aliases
            if c["unique"] and c["type"] != "jsonb":
                col["unique"] = True
            before = (previous or {}).get(name, {}).get("columns", {})
            was = before.get(c["renamed_from"]) if c.get("renamed_from") in before else before.get(cname)
            if was is not None and was["type"] != c["type"]:
                col["using"] = f"{cname}::text::{c['type']}" if c["type"] != "boolean" else f"{cname} IS NOT NULL"
            columns[cname] = col
        out = {"columns": columns}
        if t["comment"]:
            out["comment"] = t["comment"]
        indexable = [n for n, c in sorted(t["columns"].items()) if c["type"] not in ("jsonb",)]
        if t["index"] and indexable:
            out["indexes"] = {f"{name}_{indexable[0]}_idx": {"columns": [indexable[0]]}}
        if t["fk"] and name != names[0]:
            columns["owner_id"] = {"type": "bigint", "nullable": True, "references": f"{names[0]}.id"}
            out.setdefault("indexes", {})[f"{name}_owner_id_idx"] = {"columns": ["owner_id"]}
        if t["rls"]:
            out["rls"] = {"enabled": True}
            out["policies"] = {f"{name}_all": {"using": "true"}}
        tables[name] = out
    return yaml.safe_dump({"tables": tables}, sort_keys=True)


@settings(max_examples=40, deadline=None, derandomize=True, database=None,
          phases=[Phase.explicit, Phase.generate, Phase.target],
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(pair=spec_pairs())
def test_random_spec_edits_migrate_and_revert(pg_server, tmp_path_factory, pair):
    first, second = pair
    project = tmp_path_factory.mktemp("project")
    folder = project / "spec" / "prop"
    folder.mkdir(parents=True)
    (folder / "spec.yaml").write_text(_yaml(first, None))
    assert main(["-C", str(project), "generate"]) == 0
    before = load_system(folder).model
    (folder / "spec.yaml").write_text(_yaml(second, first))
    assert main(["-C", str(project), "generate", "--allow-destructive"]) == 0
    after = load_system(folder).model
    dsn = pg_server.create_database()
    try:
        runner = Runner(dsn, "prop", project / "generated" / "prop" / "migrations", log=lambda _: None)
        runner.up()
        assert [c.describe() for c in drift(dsn, after)] == []
        runner.down(to=1)
        assert [c.describe() for c in drift(dsn, before)] == []
    finally:
        pg_server.drop_database(dsn)
        shutil.rmtree(project, ignore_errors=True)
