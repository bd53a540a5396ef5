#!/usr/bin/env python3
"""Benchmark: the next migration and drift with fix SQL on the synthetic 1,000-table spec, and
migra on the same pair of databases in the same run.

    python benchmarks/bench_migrate.py            # N=1000, 10 tables changed (make bench)

1. writes the synthetic spec of ``bench_generate_drift.py`` and generates its first migration;
2. edits 10 tables (a new column with a default, a new index, a changed CHECK, a dropped index,
   a widened varchar, a new comment) and times, in process and cold (best of 3), what ``generate``
   does for the migrations: load the spec, read the snapshot, diff, render the files; then the
   same for an unchanged spec;
3. builds database A from the first migration (the database before the change) and database B
   from both (what the spec now says), times ``drift`` of A against the edited spec including the
   fix SQL (connect + introspect + diff + render, best of 5, after ``ANALYZE``), and ``migra A B``
   (the SQL that turns A into B) in a subprocess, with ``pgspec drift --sql`` in a subprocess
   beside it.

Figures, machine and date go to benchmarks/README.md by hand (``--json`` prints them raw).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench_generate_drift import best_of, clear_caches, machine, write_spec  # noqa: E402

from generator.cli import main as pgspec  # noqa: E402
from generator.drift import drift  # noqa: E402
from generator.emit.sql import render  # noqa: E402
from generator.migrate.plan import plan_migrations  # noqa: E402
from generator.migrate.runner import Runner  # noqa: E402
from generator.pgserver import running_server  # noqa: E402
from generator.spec.build import load_system  # noqa: E402

SYSTEM = "bench"


def edit_tables(folder: Path, n: int, changed: int) -> list[str]:
    """Change ``changed`` tables spread over the spec; returns their names."""
    names = []
    for k, i in enumerate(range(0, n, max(1, n // changed))[:changed]):
        path = folder / f"tables_{i // 100:03d}.yaml"
        doc = yaml.safe_load(path.read_text())
        name = f"t_{i:04d}"
        t = doc["tables"][name]
        kind = k % 5
        if kind == 0:
            t["columns"]["note"] = {"type": "text", "nullable": False, "default": {"value": "none"}}
        elif kind == 1:
            t["indexes"][f"idx_{name}_ext_id"] = {"columns": ["ext_id"]}
        elif kind == 2:
            (check,) = t["checks"].values()
            check["expression"] = f"({check['expression']}) AND quantity < 2000000"
        elif kind == 3:
            t["indexes"].pop(f"idx_{name}_parent_id")
            t["allow_warnings"] = ["W202"]
        else:
            t["columns"]["code"]["type"] = "varchar(300)"
            t["columns"]["label"]["comment"] = "Shown to people."
        path.write_text(yaml.safe_dump(doc, sort_keys=False, width=100))
        names.append(name)
    return names


def time_plan(root: Path, runs: int) -> dict:
    """Cold, in process: load the spec, then plan the migrations (snapshot read, diff, render)."""
    folder = root / "spec" / SYSTEM
    phases = {}

    def once():
        clear_caches()
        t0 = time.perf_counter()
        built = load_system(folder)
        t1 = time.perf_counter()
        plan = plan_migrations(root, Path("generated") / SYSTEM / "migrations", built, allow_destructive=True)
        t2 = time.perf_counter()
        phases.setdefault("load", []).append(t1 - t0)
        phases.setdefault("plan", []).append(t2 - t1)
        return plan

    best, _, plan = best_of(runs, once, cold=False)
    return {"total": best, "load": min(phases["load"]), "plan": min(phases["plan"]),
            "files": len(plan.outputs)}


def migra(a: str, b: str, venv_bin: Path) -> tuple[float, str]:
    t0 = time.perf_counter()
    out = subprocess.run([str(venv_bin / "migra"), "--unsafe", a, b], capture_output=True, text=True)
    took = time.perf_counter() - t0
    if out.returncode not in (0, 2):  # 2: differences found
        raise SystemExit(f"migra failed: {out.stderr[-2000:]}")
    return took, out.stdout


def url(dsn: str) -> str:
    """A libpq key=value DSN as the SQLAlchemy URL migra wants (unix socket as ``host=`` query)."""
    parts = dict(p.split("=", 1) for p in dsn.split())
    return f"postgresql+psycopg2://{parts.get('user', 'postgres')}@/{parts['dbname']}?host={parts['host']}&port={parts['port']}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tables", type=int, default=1000)
    ap.add_argument("--changed", type=int, default=10)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--migra", type=Path, default=Path(sys.executable).parent,
                    help="folder with the migra executable (default: beside this Python)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="pgspec-bench-migrate-"))
    res: dict = {"machine": machine(), "tables": args.tables, "changed": args.changed}
    try:
        write_spec(tmp, args.tables, args.seed)
        assert pgspec(["-C", str(tmp), "generate"]) == 0
        first = tmp / "first"
        shutil.copytree(tmp / "generated", first / "generated")
        res["unchanged"] = time_plan(tmp, 3)
        edit_tables(tmp / "spec" / SYSTEM, args.tables, args.changed)
        res["changed_plan"] = time_plan(tmp, 3)
        assert pgspec(["-C", str(tmp), "generate", "--allow-destructive"]) == 0
        spec = load_system(tmp / "spec" / SYSTEM).model
        with running_server() as server:
            a, b = server.create_database(), server.create_database()
            Runner(a, SYSTEM, first / "generated" / SYSTEM / "migrations", log=lambda _: None).up()
            Runner(b, SYSTEM, tmp / "generated" / SYSTEM / "migrations", log=lambda _: None).up()
            with psycopg.connect(a, autocommit=True) as conn:  # as autovacuum leaves it, like bench_generate_drift
                conn.execute("ANALYZE")
            changes: list = []

            def fix_sql():
                changes[:] = drift(a, spec)
                return [s for c in changes for s in render(c)]

            res["drift_fix_sql"], _, statements = best_of(5, fix_sql, cold=False)
            res["drift_changes"] = len(changes)
            res["drift_statements"] = len(statements)
            t0 = time.perf_counter()
            cli = subprocess.run([sys.executable, "-m", "generator", "-C", str(tmp), "drift", f"spec/{SYSTEM}",
                                  "--dsn", a, "--sql"], capture_output=True, text=True)
            res["drift_cli"] = time.perf_counter() - t0
            assert cli.returncode == 1, cli.stderr
            res["migra_cli"], migra_sql = migra(url(a), url(b), args.migra)
            res["migra_statements"] = sum(1 for line in migra_sql.splitlines() if line.rstrip().endswith(";"))
            res["ratio_migra_over_drift_cli"] = res["migra_cli"] / res["drift_cli"]
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if args.json:
        print(json.dumps(res, indent=2, default=str))
    else:
        for key, value in res.items():
            print(f"{key:28} {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
