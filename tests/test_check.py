"""`check` is the CI drift check for generated files; `generate` is deterministic and atomic."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import REPO, run_pgspec


def _tree(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_committed_tree_is_up_to_date_and_free_of_warnings():
    result = run_pgspec("check", "--strict", cwd=REPO)
    assert result.returncode == 0, result.stdout + result.stderr


def test_make_check_passes_on_the_committed_tree():
    result = subprocess.run(["make", "-s", "check"], cwd=REPO,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_fails_after_a_spec_edit_until_generate(project_copy: Path):
    tasks = project_copy / "spec" / "cortexos" / "tasks.yaml"
    tasks.write_text(tasks.read_text().replace("idx_tasks_status: {columns: [status]}",
                                               "idx_tasks_status: {columns: [status, priority]}"))
    before = _tree(project_copy / "generated")
    result = run_pgspec("check", cwd=project_copy)
    assert result.returncode == 1
    assert "+++ b/generated/cortexos/migrations/0002_alter_tasks.sql" in result.stdout
    assert "+DROP INDEX idx_tasks_status;" in result.stdout
    assert "+CREATE INDEX CONCURRENTLY idx_tasks_status ON tasks (status, priority);" in result.stdout
    assert _tree(project_copy / "generated") == before, "check must not write"
    assert run_pgspec("generate", cwd=project_copy).returncode == 0
    assert run_pgspec("check", cwd=project_copy).returncode == 0
    assert _tree(project_copy / "generated")["cortexos/migrations/0001_initial.sql"] == \
        before["cortexos/migrations/0001_initial.sql"], "earlier migrations are never rewritten"


def test_check_reports_stale_and_missing_files(project_copy: Path):
    (project_copy / "generated" / "cortexos" / "leftover.sql").write_text("-- old\n")
    (project_copy / "generated" / "spec.schema.json").unlink()
    result = run_pgspec("check", cwd=project_copy)
    assert result.returncode == 1
    assert "stale file generated/cortexos/leftover.sql" in result.stdout
    assert "+++ b/generated/spec.schema.json" in result.stdout
    run_pgspec("generate", cwd=project_copy)
    assert not (project_copy / "generated" / "cortexos" / "leftover.sql").exists()


def test_generate_is_byte_identical_across_hash_seeds_and_locales(project_copy: Path):
    hashes = []
    for seed, lang, tz in (("0", "C", "UTC"), ("12345", "C.UTF-8", "Asia/Tokyo")):
        for p in (project_copy / "generated").rglob("*"):
            if p.is_file():
                p.unlink()
        env = dict(os.environ, PYTHONPATH=str(REPO), PYTHONHASHSEED=seed, LC_ALL=lang, TZ=tz)
        result = subprocess.run([sys.executable, "-m", "generator", "generate"], cwd=project_copy, env=env,
                                capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stderr
        hashes.append(_tree(project_copy / "generated"))
    assert hashes[0] == hashes[1] == _tree(REPO / "generated")


def test_spec_schema_is_draft07_and_knows_the_format():
    result = run_pgspec("schema", cwd=REPO)
    schema = json.loads(result.stdout)
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert "$defs" not in result.stdout and "#/definitions/TableSpec" in result.stdout
    column = schema["definitions"]["Column"]
    assert column["additionalProperties"] is False and "nullable" in column["properties"]
    assert (REPO / "generated" / "spec.schema.json").read_text() == result.stdout
    for spec_file in (REPO / "spec").rglob("*.yaml"):
        assert spec_file.read_text().startswith(
            "# yaml-language-server: $schema=../../generated/spec.schema.json\n"), spec_file
