#!/usr/bin/env python3
"""Benchmark: the typed artifacts (``schema.json``, ``models.py``, ``types.ts``) of the synthetic
1,000-table spec, cold and for an unchanged spec.

    python benchmarks/bench_artifacts.py              # N=1000 (make bench-artifacts)
    python benchmarks/bench_artifacts.py --tables 200 --json

1. writes the synthetic spec of ``bench_generate_drift.py`` and loads it (not timed);
2. **cold**: JSON Schema, then Pydantic models with no earlier ``models.py`` (one in-process
   datamodel-code-generator call), then TypeScript types: the first run (which imports
   datamodel-code-generator, as a fresh ``generate`` does; the verdict is on it), then best of 3;
   the import alone is also timed in a fresh interpreter;
3. **unchanged**: the same three with the stamped ``models.py`` of step 2 at hand, as
   ``generate`` runs when the spec has not changed (the models file is reused); best of 5;
4. ``pgspec generate`` in a subprocess on the unchanged project (everything, end to end), best of 3.

Figures, machine and date go to benchmarks/README.md by hand (``--json`` prints them raw).
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench_generate_drift import best_of, machine, subprocess_env, write_spec  # noqa: E402

from generator.emit import models as emit_models  # noqa: E402
from generator.emit.jsonschema import schema_json  # noqa: E402
from generator.emit.typescript import typescript_types  # noqa: E402
from generator.spec.build import load_system  # noqa: E402

TARGET_COLD_S = 3.0
TARGET_UNCHANGED_S = 0.5


def import_time() -> float:
    """Seconds a fresh interpreter takes to import datamodel-code-generator (best of 3)."""
    code = ("import time; t = time.perf_counter(); import datamodel_code_generator; "
            "print(time.perf_counter() - t)")
    return min(float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                    check=True).stdout) for _ in range(3))


def artifacts(built, previous: str | None) -> tuple[dict[str, float], str]:
    times = {}
    t = time.perf_counter()
    schema = schema_json(built.model)
    times["schema.json"] = time.perf_counter() - t
    t = time.perf_counter()
    models = emit_models.pydantic_models(built.model.system, schema, previous)
    times["models.py"] = time.perf_counter() - t
    t = time.perf_counter()
    typescript_types(built)
    times["types.ts"] = time.perf_counter() - t
    times["total"] = sum(times.values())
    return times, models


def best(runs: int, fn) -> dict[str, float]:
    results = [fn() for _ in range(runs)]
    return min(results, key=lambda r: r["total"])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--tables", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=20261122)
    ap.add_argument("--json", action="store_true", help="print the raw figures as JSON")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="pgspec-bench-artifacts-") as tmp:
        root = Path(tmp)
        built = load_system(write_spec(root, args.tables, args.seed))
        assert "datamodel_code_generator" not in sys.modules
        first, stamped = artifacts(built, None)  # imports datamodel-code-generator, as a fresh generate does
        cold = best(3, lambda: artifacts(built, None)[0])
        unchanged = best(5, lambda: artifacts(built, stamped)[0])
        assert artifacts(built, stamped)[1] is stamped, "the stamped models.py was not reused"
        res = {"n": args.tables, "date": _dt.date.today().isoformat(), "machine": machine(),
               "first": first, "cold": cold, "unchanged": unchanged,
               "import_datamodel_code_generator": import_time(),
               "cli_generate_unchanged": subprocess_generate(root), "models_py_bytes": len(stamped.encode())}
    if args.json:
        print(json.dumps(res, indent=2))
    else:
        report(res)
    return 0 if first["total"] <= TARGET_COLD_S and unchanged["total"] <= TARGET_UNCHANGED_S else 1


def subprocess_generate(root: Path) -> float:
    """``python -m generator generate`` on the project, first to fill generated/, then best of 3 unchanged."""
    command = [sys.executable, "-m", "generator", "generate"]
    subprocess.run(command, cwd=root, env=subprocess_env(), check=True, capture_output=True)
    return best_of(3, lambda: subprocess.run(command, cwd=root, env=subprocess_env(), check=True,
                                             capture_output=True), cold=False)[0]


def report(res: dict) -> None:
    m = res["machine"]
    print(f"N = {res['n']:,} tables, {res['date']}; {m['nproc']} CPUs, {m['cpu']}, Python {m['python']}")
    for label, key, target in (("first, with the import", "first", TARGET_COLD_S),
                               ("cold (no models.py yet)", "cold", TARGET_COLD_S),
                               ("unchanged spec", "unchanged", TARGET_UNCHANGED_S)):
        t = res[key]
        parts = ", ".join(f"{k} {v * 1000:,.0f} ms" for k, v in t.items() if k != "total")
        verdict = "met" if t["total"] <= target else "MISSED"
        print(f"{label:<26} {t['total'] * 1000:>7,.0f} ms  (≤ {target:g} s: {verdict}; {parts})")
    print(f"{'import datamodel-code-gen.':<26} {res['import_datamodel_code_generator'] * 1000:>7,.0f} ms"
          "  (fresh interpreter; in the first figure, not in cold)")
    print(f"{'pgspec generate, unchanged':<26} {res['cli_generate_unchanged'] * 1000:>7,.0f} ms"
          "  (subprocess, everything)")
    print(f"models.py: {res['models_py_bytes']:,} bytes")


if __name__ == "__main__":
    sys.exit(main())
