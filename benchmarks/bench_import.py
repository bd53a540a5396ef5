#!/usr/bin/env python3
"""Benchmark: ``pgspec import`` of the synthetic 1,000-table database (target ≤ 1 s).

    python benchmarks/bench_import.py            # N=1000
    python benchmarks/bench_import.py --tables 200

1. writes the synthetic spec of ``bench_generate_drift.py``, generates its first migration and
   applies it to a new database on a throw-away server (``generator/pgserver.py``), then ANALYZE;
2. times the import as the command does it, in process, best of 5: connect, catalog queries
   (the introspector's plus the unsupported-objects and pretty-expression queries), drafting,
   mixin detection, YAML text, and writing the folder (temporary folder + rename) under
   ``benchmarks/out/`` (on the project's disk: this machine's /tmp is 20 times slower at
   creating files); each phase is shown on its own;
3. checks the result: the imported spec loads, and drift of the database against it is empty.

Figures, machine and date go to benchmarks/README.md by hand (``--json`` prints them raw).
"""

from __future__ import annotations

import argparse
import datetime
import json
import shutil
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench_generate_drift import clear_caches, machine, write_spec  # noqa: E402

from generator.drift import drift  # noqa: E402
from generator.importer import draft, layout, mixins, readable, scope  # noqa: E402
from generator.importer.command import import_database  # noqa: E402
from generator.introspect.catalog import introspect  # noqa: E402
from generator.migrate.plan import plan_migrations  # noqa: E402
from generator.pgserver import running_server  # noqa: E402
from generator.spec.build import load_system  # noqa: E402

SYSTEM = "bench"
OUT = Path(__file__).resolve().parent / "out"  # not committed
TARGET_S = 1.0


def timed_import(dsn: str, out: Path) -> dict[str, float]:
    """One import, cold caches, phase by phase; the folder written to ``out``."""
    clear_caches()
    from generator.importer.tidy import tidy
    from generator.importer.yaml_text import scalar
    tidy.cache_clear()
    scalar.cache_clear()
    shutil.rmtree(out, ignore_errors=True)
    t = {}
    t0 = time.perf_counter()
    with psycopg.connect(dsn, autocommit=True) as conn:
        t1 = time.perf_counter()
        warnings = scope.unsupported(conn, None)
        model = introspect(conn)
        texts = readable.fetch(conn)
        t2 = time.perf_counter()
    model = readable.apply(replace(model, system=SYSTEM), texts)
    model, more = scope.select(model, None)
    t3 = time.perf_counter()
    tables = {tb.name: draft.table_doc(tb) for tb in model.tables.values()}
    t4 = time.perf_counter()
    found, tables = mixins.detect(tables)
    t5 = time.perf_counter()
    files = layout.documents(draft.system_doc(model, found), tables,
                             {tb.name: tb.schema for tb in model.tables.values()})
    t6 = time.perf_counter()
    layout.write_folder(out, files, force=False)
    t7 = time.perf_counter()
    t.update(total=t7 - t0, connect=t1 - t0, catalog=t2 - t1, model=t3 - t2, draft=t4 - t3, mixins=t5 - t4,
             yaml=t6 - t5, write=t7 - t6, files=len(files), warnings=len(warnings + more),
             bytes=sum(len(v.encode()) for v in files.values()))
    return t


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--tables", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=20261122)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--json", action="store_true", help="print the raw figures as JSON")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp_, running_server() as server:
        tmp = Path(tmp_)
        folder = write_spec(tmp, args.tables, args.seed)
        built = load_system(folder)
        plan = plan_migrations(tmp, Path("generated") / SYSTEM / "migrations", built)
        sql = next(o.text for o in plan.outputs if o.path.name == "0001_initial.sql")
        dsn = server.create_database("pgspec_bench_import")
        try:
            with psycopg.connect(dsn, autocommit=True) as conn:
                conn.execute(sql)
                conn.execute("ANALYZE")
            scratch = OUT / f"import-{args.tables}" / SYSTEM  # where a project's spec/ would be, not /tmp
            shutil.rmtree(scratch.parent, ignore_errors=True)
            runs = [timed_import(dsn, scratch) for _ in range(args.runs)]
            with psycopg.connect(dsn, autocommit=True) as conn:
                same = import_database(conn, SYSTEM).files
            written = {p.name: p.read_text() for p in scratch.iterdir()}
            imported = load_system(scratch)
            changes = drift(dsn, imported.model)
            version = psycopg.connect(dsn).execute("SHOW server_version").fetchone()[0]
        finally:
            server.drop_database(dsn)
    best = {k: min(r[k] for r in runs) for k in runs[0]}
    res = {"n": args.tables, "date": datetime.date.today().isoformat(), "machine": machine(), "postgres": version,
           "best": best, "runs": [r["total"] for r in runs], "drift_changes": len(changes),
           "same_as_command": same == written,
           "spec_warnings": len(imported.warnings)}
    if args.json:
        print(json.dumps(res, indent=2))
    else:
        m = res["machine"]
        print(f"pgspec import, N={args.tables} tables, {res['date']}; {m['nproc']} CPUs ({m['cpu']}), "
              f"Python {m['python']}, PostgreSQL {version}")
        for k in ("total", "connect", "catalog", "model", "draft", "mixins", "yaml", "write"):
            print(f"  {k:<8} {best[k] * 1000:8.1f} ms")
        print(f"  {best['files']:.0f} files, {best['bytes'] / 1e6:.2f} MB of YAML, {best['warnings']:.0f} import warnings, "
              f"{res['spec_warnings']} spec warnings; runs: " + ", ".join(f"{r * 1000:.0f} ms" for r in res["runs"]))
        print(f"  the files are those `pgspec import` writes: {res['same_as_command']}")
        print(f"  target ≤ {TARGET_S:g} s: {'met' if best['total'] <= TARGET_S else 'MISSED'}; "
              f"drift of the database against the imported spec: {'empty' if not changes else len(changes)}")
    return 0 if not changes and res["same_as_command"] else 1


if __name__ == "__main__":
    sys.exit(main())
