#!/usr/bin/env python3
"""Benchmark: ``pgspec generate`` and drift (introspect + diff) on a synthetic spec of N tables.

    python benchmarks/bench_generate_drift.py              # N=1000 (make bench)
    python benchmarks/bench_generate_drift.py --tables 200 --write

What it does (see benchmarks/README.md for the targets and the measured figures):

1. writes a synthetic, seeded spec of N tables into a temporary project (``<tmp>/spec/bench/``);
2. times ``python -m generator generate`` in that folder as a user runs it (best of 3, each run
   starting without ``generated/``), and the in-process phases (load + validate, diff, render,
   write) so that a slow phase is visible;
3. starts a throw-away server (``generator.pgserver.running_server``), applies the generated
   ``0001_initial.sql``, makes one drift run on the fresh database, runs ANALYZE (the steady state
   autovacuum reaches) and times drift = introspect + diff (``generator.drift.drift``, best of 5),
   introspect alone (with the server time of each catalog statement) and diff alone; drift must
   be empty;
4. counts the statements one introspection sends (``catalog.fetch``) for N and for a small N, to
   show that the count does not depend on the number of tables;
5. prints a table and, with ``--write``, updates this N's section of benchmarks/README.md.

When a target is missed (or with ``--profile``) the slow part is run under cProfile and the top
functions are printed with file:line.

Between repeats the module-level caches of expression keys and references and the YAML
constructor's node table are cleared and garbage is collected, so every in-process repeat is as
cold as a fresh ``pgspec`` process (the jinja2 environment and the catalog query texts stay
cached: they cost the same for any N).
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as _dt
import gc
import json
import os
import platform
import pstats
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

import psycopg  # noqa: E402

from generator.diff import deps as _deps  # noqa: E402
from generator.diff.differ import diff  # noqa: E402
from generator.diff.oracle import PostgresOracle  # noqa: E402
from generator.drift import drift  # noqa: E402
from generator.emit.migration import migration_sql  # noqa: E402
from generator.introspect import catalog  # noqa: E402
from generator.model import expr as _expr  # noqa: E402
from generator.model.objects import Model  # noqa: E402
from generator.model.types import canonical_type  # noqa: E402
from generator.output import write_all  # noqa: E402
from generator.pgserver import running_server  # noqa: E402
from generator.project import outputs  # noqa: E402
from generator.spec.build import load_system  # noqa: E402
from generator.spec import fragments as _fragments  # noqa: E402
from generator.spec.files import read_folder  # noqa: E402

SYSTEM = "bench"
TABLES_PER_FILE = 100
MIGRATION = Path("generated") / SYSTEM / "migrations" / "0001_initial.sql"
README = Path(__file__).resolve().parent / "README.md"

TARGET_GENERATE_S = 2.0
TARGET_DRIFT_S = 0.5


# -- the synthetic spec ---------------------------------------------------------------------------

def table_name(i: int) -> str:
    return f"t_{i:04d}"


def table_spec(i: int, rng: random.Random, n: int) -> dict:
    """One table: 10 columns, a check, 2 indexes, a foreign key to an earlier table (t_0000: itself)."""
    name = table_name(i)
    parent = table_name(rng.randrange(i)) if i else name
    parent_nullable = rng.random() < 0.7
    on_delete = rng.choice(["cascade", "set null", "no action"] if parent_nullable else ["cascade", "no action"])
    columns = {
        "id": {"type": "serial", "primary_key": True, "comment": "Surrogate key"},
        "parent_id": {"type": "integer", "nullable": parent_nullable,
                      "references": {"table": parent, "on_delete": on_delete}},
        "code": {"type": f"varchar({rng.choice([16, 32, 64, 255])})", "nullable": False},
        "label": {"type": "text", "nullable": rng.random() < 0.5},
        "quantity": {"type": "integer", "nullable": False, "default": {"value": rng.randrange(0, 10)}},
        "price": {"type": "numeric(10,2)", "nullable": True},
        "active": {"type": "boolean", "nullable": False, "default": {"value": rng.random() < 0.8}},
        "attrs": {"type": "jsonb", "nullable": False,
                  "default": {"value": rng.choice([{}, {"v": 1}, {"tags": [], "kind": "x"}])}},
        "created_at": {"type": "timestamptz", "nullable": False, "default": {"sql": "now()"}},
        "ext_id": {"type": "uuid", "nullable": True},
    }
    check = rng.choice([
        ("quantity_check", "quantity >= 0"),
        ("price_check", "price IS NULL OR price >= 0"),
        ("code_check", "char_length(code) > 0"),
        ("quantity_range", "quantity >= 0 AND quantity <= 1000000"),
    ])
    second = (
        {f"idx_{name}_code_active": {"columns": ["code"], "where": "active"}}
        if rng.random() < 0.5 else
        {f"idx_{name}_label_created": {"columns": ["label", {"column": "created_at", "order": "desc"}]}}
    )
    return {
        "comment": f"Synthetic table {i} of {n}.",
        "columns": columns,
        "checks": {f"{name}_{check[0]}": {"expression": check[1]}},
        "indexes": {f"idx_{name}_parent_id": {"columns": ["parent_id"]}, **second},
    }


def write_spec(root: Path, n: int, seed: int) -> Path:
    """``root/spec/bench/*.yaml``: a system file plus one file per 100 tables. Returns the folder."""
    folder = root / "spec" / SYSTEM
    folder.mkdir(parents=True)
    rng = random.Random(seed)
    dump = lambda data: yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)  # noqa: E731
    (folder / "system.yaml").write_text(dump({"system": {
        "name": SYSTEM, "description": f"Synthetic benchmark system: {n} tables (seed {seed})."}}))
    for start in range(0, n, TABLES_PER_FILE):
        tables = {table_name(i): table_spec(i, rng, n) for i in range(start, min(n, start + TABLES_PER_FILE))}
        (folder / f"tables_{start // TABLES_PER_FILE:03d}.yaml").write_text(dump({"tables": tables}))
    return folder


# -- timing helpers -------------------------------------------------------------------------------

def clear_caches() -> None:
    """Forget what earlier repeats left in this process, so that each repeat is like a fresh one.

    The caches of expression keys, SQL fragment checks, references and catalog types, then a
    full collection so that no repeat pays for the garbage of the one before.
    """
    _expr.canonical_key.cache_clear()
    _fragments.fragment_problem.cache_clear()
    _deps._references.cache_clear()
    canonical_type.cache_clear()
    gc.collect()


class GcTimer:
    """Seconds spent in the cyclic garbage collector while the block runs."""

    def __init__(self):
        self.seconds, self.collections, self._t0 = 0.0, 0, 0.0

    def _callback(self, phase, info):
        if phase == "start":
            self._t0 = time.perf_counter()
        else:
            self.seconds += time.perf_counter() - self._t0
            self.collections += 1

    def __enter__(self):
        gc.callbacks.append(self._callback)
        return self

    def __exit__(self, *exc):
        gc.callbacks.remove(self._callback)


def best_of(runs: int, fn, *, cold: bool = True) -> tuple[float, list[float], object]:
    times, result = [], None
    for _ in range(runs):
        if cold:
            clear_caches()
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return min(times), times, result


def subprocess_env() -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    return env


def time_cli_generate(root: Path, runs: int) -> tuple[float, list[float], str]:
    """``python -m generator generate`` in ``root``, each run starting without generated/."""
    times, out = [], ""
    for _ in range(runs):
        shutil.rmtree(root / "generated", ignore_errors=True)
        t0 = time.perf_counter()
        p = subprocess.run([sys.executable, "-m", "generator", "generate"], cwd=root, env=subprocess_env(),
                           capture_output=True, text=True)
        times.append(time.perf_counter() - t0)
        if p.returncode != 0:
            raise SystemExit(f"generate failed (exit {p.returncode}):\n{p.stdout}{p.stderr}")
        out = p.stdout + p.stderr
    return min(times), times, out


def time_cli_startup(root: Path, runs: int) -> float:
    """Interpreter start + importing the command line (what generate costs before any work)."""
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import generator.cli, generator.project"], cwd=root,
                       env=subprocess_env(), check=True)
        times.append(time.perf_counter() - t0)
    return min(times)


@dataclass
class Phases:
    read: float = 0.0     # YAML + pydantic (read_folder)
    load: float = 0.0     # load_system: read + build model + lint
    diff: float = 0.0     # diff(Model(), model) including dependency ordering
    render: float = 0.0   # migration_sql
    write: float = 0.0    # write_all (atomic writes, fsync)
    total: float = 0.0
    gc: float = 0.0       # cyclic GC inside load + diff + render + write
    changes: int = 0
    warnings: int = 0
    sql_bytes: int = 0


def generate_in_process(folder: Path, scratch: Path) -> Phases:
    """The phases of ``generate`` for one system, each timed."""
    p = Phases()
    clear_caches()
    t0 = time.perf_counter()
    read_folder(folder)
    p.read = time.perf_counter() - t0
    clear_caches()
    with GcTimer() as gct:
        t0 = time.perf_counter()
        built = load_system(folder)
        t1 = time.perf_counter()
        changes = diff(Model(), built.model)
        t2 = time.perf_counter()
        text = migration_sql(built.model.system, "0001_initial", changes)
        t3 = time.perf_counter()
    gc_main = gct.seconds
    files, owned = outputs([built])  # recomputes diff+render: only its write is timed below
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir(parents=True)
    with GcTimer() as gct:
        t4 = time.perf_counter()
        write_all(scratch, files, owned)
        t5 = time.perf_counter()
    p.gc = gc_main + gct.seconds
    p.load, p.diff, p.render, p.write = t1 - t0, t2 - t1, t3 - t2, t5 - t4
    p.total = p.load + p.diff + p.render + p.write
    p.changes, p.warnings, p.sql_bytes = len(changes), len(built.warnings), len(text.encode())
    return p


def best_phases(folder: Path, scratch: Path, runs: int) -> Phases:
    runs_ = [generate_in_process(folder, scratch) for _ in range(runs)]
    best = Phases(**{k: min(getattr(r, k) for r in runs_)
                     for k in ("read", "load", "diff", "render", "write", "total", "gc")})
    best.changes, best.warnings, best.sql_bytes = runs_[0].changes, runs_[0].warnings, runs_[0].sql_bytes
    return best


# -- the database side ----------------------------------------------------------------------------

class CountingCursor(psycopg.Cursor):
    """A cursor that counts every statement it executes, with the time the server took to answer."""

    log: list[tuple[str, float]] = []

    def execute(self, query, params=None, **kwargs):
        t0 = time.perf_counter()
        try:
            return super().execute(query, params, **kwargs)
        finally:
            CountingCursor.log.append((query if isinstance(query, str) else repr(query), time.perf_counter() - t0))


def counted(conn: psycopg.Connection, fn):
    """Run ``fn()`` with every cursor of ``conn`` counting; returns (result, [(statement, seconds)])."""
    old = conn.cursor_factory
    CountingCursor.log = []
    conn.cursor_factory = CountingCursor
    try:
        result = fn()
    finally:
        conn.cursor_factory = old
    return result, list(CountingCursor.log)


def apply_migration(dsn: str, sql_text: str) -> float:
    t0 = time.perf_counter()
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(sql_text)
    return time.perf_counter() - t0


@dataclass
class DriftResult:
    n: int
    apply_s: float = 0.0
    drift_best: float = 0.0
    drift_runs: list[float] = field(default_factory=list)
    fetch_best: float = 0.0
    build_best: float = 0.0
    introspect_best: float = 0.0
    diff_best: float = 0.0
    connect_best: float = 0.0
    changes: list[str] = field(default_factory=list)
    catalog_queries: int = 0
    catalog_statements: list[str] = field(default_factory=list)
    statement_best: dict[str, float] = field(default_factory=dict)  # label → best seconds
    oracle_queries: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    unanalyzed_drift: float | None = None  # one drift before ANALYZE, as the migration leaves it


def statement_label(i: int, text: str) -> str:
    """The i-th statement of ``catalog.fetch``: two SETs, then one query per kind."""
    if text.lstrip().upper().startswith("SET"):
        return " ".join(text.split()[:3])
    k = i - 2
    return f"{catalog.KINDS[k]}.sql" if 0 <= k < len(catalog.KINDS) else text.split("\n")[0][:40]


def measure_drift(dsn: str, model: Model, n: int, runs: int, *, full: bool) -> DriftResult:
    r = DriftResult(n)
    with psycopg.connect(dsn, autocommit=True) as conn:
        # catalog statements of one introspection (the same each time), their server time, rows per kind
        for _ in range(runs if full else 1):
            rows, statements = counted(conn, lambda: catalog.fetch(conn, model.roles))
            for i, (text, seconds) in enumerate(statements):
                label = statement_label(i, text)
                r.statement_best[label] = min(seconds, r.statement_best.get(label, seconds))
        r.catalog_statements = [text for text, _ in statements]
        r.catalog_queries = len(statements)
        r.rows = {k: len(v) for k, v in rows.items()}
        # statements the differ's oracle sends (expressions whose fast-path keys differ)
        clear_caches()
        live = catalog.build(rows)
        changes, oracle_statements = counted(conn, lambda: diff(live, model, PostgresOracle(conn)))
        r.oracle_queries = len(oracle_statements)
        if full:
            r.fetch_best = best_of(runs, lambda: catalog.fetch(conn, model.roles))[0]
            r.build_best = best_of(runs, lambda: catalog.build(rows))[0]
            r.introspect_best = best_of(runs, lambda: catalog.introspect(conn, model.roles))[0]
            live = catalog.introspect(conn, model.roles)
            r.diff_best = best_of(runs, lambda: diff(live, model, PostgresOracle(conn)))[0]
    if full:
        r.connect_best = best_of(runs, lambda: psycopg.connect(dsn, autocommit=True, connect_timeout=10).close(),
                                 cold=False)[0]
    r.drift_best, r.drift_runs, changes = best_of(runs, lambda: drift(dsn, model))
    r.changes = [c.describe() for c in changes]
    return r


def server_version(dsn: str) -> str:
    with psycopg.connect(dsn) as conn:
        return conn.execute("SHOW server_version").fetchone()[0] + " (pgvector " + (
            conn.execute("SELECT default_version FROM pg_available_extensions WHERE name = 'vector'").fetchone()
            or ["not available"])[0] + ")"


# -- profiling ------------------------------------------------------------------------------------

def hotspots(fn, top: int = 15) -> str:
    """Run ``fn`` under cProfile; the top functions by own time and by cumulative time, file:line."""
    clear_caches()
    prof = cProfile.Profile()
    prof.enable()
    fn()
    prof.disable()
    stats = pstats.Stats(prof)
    total = sum(v[2] for v in stats.stats.values())

    def where(key):
        file, line, func = key
        for base in (str(REPO) + os.sep, sys.prefix + os.sep, sys.base_prefix + os.sep):
            if file.startswith(base):
                file = file[len(base):]
                break
        file = re.sub(r"^lib/python3\.\d+/site-packages/", "", file)
        return f"{file}:{line} {func}"

    lines = [f"profile: {total:.3f} s of own time"]
    for title, idx in (("own time (tottime)", 2), ("cumulative", 3)):
        lines.append(f"  top {top} by {title}:")
        ranked = sorted(stats.stats.items(), key=lambda kv: kv[1][idx], reverse=True)[:top]
        for key, (cc, nc, tt, ct, _) in ranked:
            lines.append(f"    {tt:7.3f} {ct:7.3f} {nc:>9}  {where(key)}")
    return "\n".join(lines)


# -- reporting ------------------------------------------------------------------------------------

def machine() -> dict:
    info = {"nproc": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()}
    try:
        cpu = Path("/proc/cpuinfo").read_text()
        info["cpu"] = re.search(r"^model name\s*:\s*(.*)$", cpu, re.M).group(1).strip()
    except (OSError, AttributeError):
        info["cpu"] = platform.processor() or "unknown"
    try:
        kb = int(re.search(r"^MemTotal:\s*(\d+)", Path("/proc/meminfo").read_text(), re.M).group(1))
        info["memory"] = f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, AttributeError):
        info["memory"] = "unknown"
    info["python"] = platform.python_version()
    info["os"] = f"{platform.system()} {platform.release()}"
    return info


def ms(s: float) -> str:
    return f"{s * 1000:,.0f} ms" if s >= 0.1 else f"{s * 1000:,.1f} ms"


def verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def results_table(res: dict) -> list[tuple[str, str, str]]:
    n, small = res["n"], res["small_n"]
    g, p, d, s = res["generate"], res["phases"], res["drift"], res["drift_small"]
    return [
        (f"`pgspec generate` (subprocess, best of {res['runs_generate']})", ms(g["best"]),
         f"≤ {TARGET_GENERATE_S:g} s: {verdict(g['best'] <= TARGET_GENERATE_S)}"),
        ("  of which interpreter start + imports", ms(g["startup"]), ""),
        ("  load + validate spec (YAML, pydantic, model, lint)", ms(p["load"]), ""),
        ("    of which YAML + pydantic (read_folder)", ms(p["read"]), ""),
        ("  diff (empty model → spec, ordered)", ms(p["diff"]), f"{p['changes']:,} changes"),
        ("  render migration", ms(p["render"]), f"{p['sql_bytes'] / 1e6:.1f} MB of SQL"),
        ("  write generated/", ms(p["write"]), ""),
        ("  cyclic GC inside those phases (gc.callbacks)", ms(p["gc"]), ""),
        (f"drift = introspect + diff (best of {res['runs_drift']})", ms(d["drift_best"]),
         f"≤ {TARGET_DRIFT_S:g} s: {verdict(d['drift_best'] <= TARGET_DRIFT_S)}"),
        ("  connect", ms(d["connect_best"]), ""),
        ("  introspect (fetch + build)", ms(d["introspect_best"]), ""),
        ("    catalog queries (fetch)", ms(d["fetch_best"]), f"{sum(d['rows'].values()):,} rows"),
        *[(f"      {label}", ms(t), "slowest statements") if i == 0 else (f"      {label}", ms(t), "")
          for i, (label, t) in enumerate(sorted(d["statement_best"].items(), key=lambda kv: -kv[1])[:3])],
        ("    rows → model (build)", ms(d["build_best"]), ""),
        ("  diff live → spec (with oracle)", ms(d["diff_best"]), f"{d['oracle_queries']} oracle statements"),
        ("drift result", "empty" if not d["changes"] else f"{len(d['changes'])} changes",
         "ok" if not d["changes"] else "NOT EMPTY"),
        (f"statements per introspection, N={n}", str(d["catalog_queries"]),
         f"{len(catalog.KINDS)} catalog queries + 2 SET"),
        (f"statements per introspection, N={small}", str(s["catalog_queries"]),
         "independent of N: " + verdict(d["catalog_queries"] == s["catalog_queries"]
                                        and d["catalog_statements"] == s["catalog_statements"])),
        (f"drift at N={small} (best of {res['runs_drift']})", ms(s["drift_best"]),
         f"{s['oracle_queries']} oracle statements"),
        ("apply 0001_initial.sql (one transaction)", ms(d["apply_s"]), ""),
    ] + ([("drift on the fresh database, before ANALYZE (1 run)", ms(d["unanalyzed_drift"]),
           "catalog statistics as the migration left them")] if d.get("unanalyzed_drift") is not None else [])


def print_results(res: dict) -> None:
    rows = results_table(res)
    w0 = max(len(r[0]) for r in rows)
    w1 = max(len(r[1]) for r in rows)
    print()
    print(f"pgspec benchmark, N={res['n']} tables, {res['date']}")
    m = res["machine"]
    print(f"machine: {m['nproc']} CPUs ({m['cpu']}), {m['memory']}, Python {m['python']}, "
          f"PostgreSQL {res['postgres']}")
    print("-" * (w0 + w1 + 30))
    for a, b, c in rows:
        print(f"{a:<{w0}}  {b:>{w1}}  {c}")
    print("-" * (w0 + w1 + 30))


def readme_section(res: dict) -> str:
    m = res["machine"]
    lines = [
        f"<!-- bench:N={res['n']}:start -->",
        f"### N = {res['n']:,} tables: {res['date']}",
        "",
        f"Machine: {m['nproc']} CPUs (`nproc`), {m['cpu']}, {m['memory']} memory, {m['os']}; "
        f"Python {m['python']}; PostgreSQL {res['postgres']} (local `initdb` cluster on a unix socket, "
        "fsync off). Seed " + str(res["seed"]) + ".",
        "",
        "| measure | time | note |",
        "|---|---:|---|",
    ]
    for a, b, c in results_table(res):
        indent = len(a) - len(a.lstrip(" "))
        label = "&nbsp;" * (2 * indent) + a.strip()
        lines.append(f"| {label} | {b} | {c} |")
    d = res["drift"]
    lines += ["", f"Rows fetched per kind at N={res['n']}: "
              + ", ".join(f"{k} {v:,}" for k, v in d["rows"].items()) + ".",
              "", f"Time per catalog statement at N={res['n']} (best of {res['runs_drift']}): "
              + ", ".join(f"{k} {ms(v)}" for k, v in sorted(d["statement_best"].items(), key=lambda kv: -kv[1]))
              + "."]
    if res.get("profiles"):
        lines += ["", "Hotspots (cProfile; own time, cumulative time, calls, file:line function):", ""]
        for title, text in res["profiles"].items():
            lines += [f"{title}:", "", "```", text, "```", ""]
    lines.append(f"<!-- bench:N={res['n']}:end -->")
    return "\n".join(lines)


def update_readme(res: dict) -> None:
    section = readme_section(res)
    text = README.read_text() if README.exists() else "# Benchmarks\n"
    pattern = re.compile(rf"<!-- bench:N={res['n']}:start -->.*?<!-- bench:N={res['n']}:end -->", re.S)
    if pattern.search(text):
        text = pattern.sub(lambda _: section, text)
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    README.write_text(text if text.endswith("\n") else text + "\n")
    print(f"updated {README.relative_to(REPO)} (section N={res['n']})")


# -- main -----------------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--tables", type=int, default=1000, help="number of tables (default 1000)")
    ap.add_argument("--small", type=int, default=100, help="second, small N for the query count (default 100)")
    ap.add_argument("--seed", type=int, default=20261122)
    ap.add_argument("--runs-generate", type=int, default=3)
    ap.add_argument("--runs-drift", type=int, default=5)
    ap.add_argument("--profile", action="store_true", help="profile generate and drift even when targets are met")
    ap.add_argument("--write", action="store_true", help="update this N's section of benchmarks/README.md")
    ap.add_argument("--keep", action="store_true", help="keep the temporary project folders")
    ap.add_argument("--skip-unanalyzed", action="store_true",
                    help="skip the one drift run made before ANALYZE (it can take many seconds)")
    args = ap.parse_args(argv)
    if args.tables < 1 or args.small < 1:
        ap.error("--tables and --small must be at least 1")

    tmp = Path(tempfile.mkdtemp(prefix="pgspec-bench-"))
    try:
        res = run(args, tmp)
    finally:
        if args.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    print_results(res)
    if res.get("profiles"):
        for title, text in res["profiles"].items():
            print(f"\n{title}\n{text}")
    out = REPO / "benchmarks" / "out"
    out.mkdir(exist_ok=True)
    (out / f"results-{res['n']}.json").write_text(json.dumps(res, indent=2, default=str))
    if args.write:
        update_readme(res)
    if res["drift"]["changes"]:
        print(f"\nFAIL: drift is not empty right after applying the generated migration "
              f"({len(res['drift']['changes'])} changes):", file=sys.stderr)
        for c in res["drift"]["changes"][:20]:
            print(f"  - {c}", file=sys.stderr)
        return 1
    return 0


def run(args, tmp: Path) -> dict:
    n, small = args.tables, args.small
    res: dict = {"n": n, "small_n": small, "seed": args.seed, "date": _dt.date.today().isoformat(),
                 "machine": machine(), "runs_generate": args.runs_generate, "runs_drift": args.runs_drift}
    big_root, small_root = tmp / "big", tmp / "small"
    folder = write_spec(big_root, n, args.seed)
    small_folder = write_spec(small_root, small, args.seed)
    yaml_bytes = sum(p.stat().st_size for p in folder.iterdir())
    print(f"spec: {n} tables in {len(list(folder.iterdir()))} files ({yaml_bytes / 1e6:.1f} MB) under {folder}")

    # 2. generate, as a user runs it, then in-process phases
    best, times, output = time_cli_generate(big_root, args.runs_generate)
    res["generate"] = {"best": best, "runs": times, "startup": time_cli_startup(big_root, args.runs_generate),
                       "output": output.strip().splitlines()[-1]}
    print(f"generate: best {ms(best)} of {', '.join(ms(t) for t in times)} ({res['generate']['output']})")
    phases = best_phases(folder, tmp / "scratch", args.runs_generate)
    res["phases"] = phases.__dict__
    if phases.warnings:
        print(f"note: the spec loads with {phases.warnings} warning(s)")
    migration = (big_root / MIGRATION).read_text()

    # the small system's migration, in-process (only its catalog query count matters)
    small_model = load_system(small_folder).model
    small_sql = migration_sql(SYSTEM, "0001_initial", diff(Model(), small_model))

    # 3./4. the database
    model = load_system(folder).model
    with running_server() as server:
        dsn = server.create_database("pgspec_bench")
        small_dsn = server.create_database("pgspec_bench_small")
        try:
            res["postgres"] = server_version(dsn)
            apply_s = apply_migration(dsn, migration)
            print(f"applied {MIGRATION} in {ms(apply_s)}")
            apply_migration(small_dsn, small_sql)
            unanalyzed = None
            if not args.skip_unanalyzed:
                # as a user meets it right after migrating, before autovacuum has analyzed the catalogs
                unanalyzed, _, changes = best_of(1, lambda: drift(dsn, model))
                print(f"drift before ANALYZE: {ms(unanalyzed)} ({len(changes)} changes)")
            for x in (dsn, small_dsn):  # then the steady state: catalog statistics gathered
                with psycopg.connect(x, autocommit=True) as conn:
                    conn.execute("ANALYZE")
            d = measure_drift(dsn, model, n, args.runs_drift, full=True)
            d.apply_s, d.unanalyzed_drift = apply_s, unanalyzed
            print(f"drift: best {ms(d.drift_best)} of {', '.join(ms(t) for t in d.drift_runs)}; "
                  f"{'empty' if not d.changes else f'{len(d.changes)} changes'}")
            s = measure_drift(small_dsn, small_model, small, args.runs_drift, full=False)
            res["drift"], res["drift_small"] = d.__dict__, s.__dict__
            if d.catalog_statements != s.catalog_statements:
                print("note: the statements differ between the two sizes", file=sys.stderr)

            missed_generate = res["generate"]["best"] > TARGET_GENERATE_S
            missed_drift = d.drift_best > TARGET_DRIFT_S
            profiles = {}
            if args.profile or missed_generate:
                def gen():
                    built = load_system(folder)
                    migration_sql(SYSTEM, "0001_initial", diff(Model(), built.model))
                profiles[f"generate (load + diff + render), N={n}"] = hotspots(gen)
            if args.profile or missed_drift:
                profiles[f"drift (introspect + diff), N={n}"] = hotspots(lambda: drift(dsn, model))
            res["profiles"] = profiles
        finally:
            for x in (dsn, small_dsn):
                try:
                    server.drop_database(x)
                except psycopg.Error:
                    pass
    return res


if __name__ == "__main__":
    sys.exit(main())
