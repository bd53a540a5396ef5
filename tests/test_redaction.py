"""Values of sensitive columns never appear in docs, check, drift or migrate output, error messages
or generated model reprs (generator/redaction.py). The migration itself must hold them: it inserts
them. Spec errors about such a value are in tests/malformed/security_sensitive_seed_value."""

from __future__ import annotations

import importlib.util
import re
import shutil
import sys
from pathlib import Path

import psycopg
import pytest

from conftest import REPO, SYSTEMS, run_pgspec
from generator.redaction import REDACTED, scrub, sensitive_texts
from generator.spec.build import load_system

SECRET = "s3cr3t-api-key-value"
DEFAULT_SECRET = "default-secret-token"
SPEC = f"""
tables:
  accounts:
    columns:
      id: {{type: integer, primary_key: true}}
      name: {{type: text, nullable: false}}
      api_key:
        type: text
        nullable: false
        sensitive: true
        check: length(api_key) < 30
      token: {{type: text, nullable: true, sensitive: true, default: {{value: {DEFAULT_SECRET}}}}}
      pin: {{type: integer, nullable: true, sensitive: true}}
      profile: {{type: jsonb, nullable: true, sensitive: true}}
    seed:
      - {{id: 1, name: visible-name, api_key: {SECRET}}}
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "spec" / "vault").mkdir(parents=True)
    (tmp_path / "spec" / "vault" / "vault.yaml").write_text(SPEC)
    result = run_pgspec("generate", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    return tmp_path


def test_docs_show_no_sensitive_value_but_the_migration_inserts_it(project: Path) -> None:
    readme = (project / "generated" / "vault" / "README.md").read_text()
    assert SECRET not in readme and DEFAULT_SECRET not in readme
    assert "visible-name" in readme and f"`{REDACTED}`" in readme
    for name in ("schema.json", "models.py", "types.ts"):
        text = (project / "generated" / "vault" / name).read_text()
        assert SECRET not in text and DEFAULT_SECRET not in text, name
    migration = (project / "generated" / "vault" / "migrations" / "0001_initial.sql").read_text()
    assert SECRET in migration


def test_check_diff_is_scrubbed(project: Path) -> None:
    shutil.rmtree(project / "generated" / "vault" / "migrations")  # check shows the whole migration
    result = run_pgspec("check", cwd=project)
    assert result.returncode == 1 and "visible-name" in result.stdout
    assert SECRET not in result.stdout + result.stderr and REDACTED in result.stdout


def test_migrate_error_quoting_the_failing_row_is_scrubbed(project: Path, fresh_db: str) -> None:
    """The seed row breaks the CHECK: Postgres's message quotes the whole row."""
    spec = project / "spec" / "vault" / "vault.yaml"
    spec.write_text(SPEC.replace("length(api_key) < 30", "length(api_key) < 5"))
    shutil.rmtree(project / "generated")
    assert run_pgspec("generate", cwd=project).returncode == 0
    result = run_pgspec("migrate", "spec/vault", "--dsn", fresh_db, cwd=project)
    assert result.returncode == 2 and "accounts_api_key_check" in result.stderr, result.stderr
    assert "visible-name" in result.stderr, "the database error no longer quotes the row: test is moot"
    assert SECRET not in result.stdout + result.stderr


def test_drift_output_is_scrubbed(project: Path, fresh_db: str) -> None:
    assert run_pgspec("migrate", "spec/vault", "--dsn", fresh_db, cwd=project).returncode == 0
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        conn.execute(f"ALTER TABLE accounts ALTER COLUMN token SET DEFAULT 'x' || '{DEFAULT_SECRET}'")
    for flag in ((), ("--sql",), ("--json",)):
        result = run_pgspec("drift", "--dsn", fresh_db, "spec/vault", *flag, cwd=project)
        assert result.returncode == 1, result.stderr
        assert DEFAULT_SECRET not in result.stdout + result.stderr and REDACTED in result.stdout, flag


def test_scrub_replaces_every_form_longest_first() -> None:
    model = load_system(REPO / "spec" / "cortexos").model
    assert sensitive_texts([model]) == []  # the seed systems hold no sensitive seed value
    texts = ["'abcd'", "abcd", "'abcdef'::text", "abcdef"]
    ordered = sorted(texts, key=lambda s: (-len(s), s))
    assert scrub("x 'abcdef'::text, (1, abcd) abcdef", ordered) == f"x {REDACTED}, (1, {REDACTED}) {REDACTED}"


def _import(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # pydantic resolves forward references through it
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[spec.name]
    return module


def test_model_repr_hides_sensitive_values_of_every_type(project: Path) -> None:
    models = _import(project / "generated" / "vault" / "models.py", "pgspec_models_vault")
    row = models.AccountsUpdate(name="visible-name", api_key=SECRET, pin=987654, profile={"k": "JSONSECRET"})
    for shown in (repr(row), str(row)):
        assert "visible-name" in shown
        assert SECRET not in shown and "987654" not in shown and "JSONSECRET" not in shown, shown


@pytest.mark.parametrize("system", SYSTEMS)
def test_generated_models_hide_sensitive_columns_in_repr(system: str) -> None:
    model = load_system(REPO / "spec" / system).model
    sensitive = {c.name for t in model.tables.values() for c in t.columns if c.sensitive}
    module = _import(REPO / "generated" / system / "models.py", f"pgspec_models_{system}")
    checked = 0
    for obj in vars(module).values():
        fields = getattr(obj, "model_fields", None)
        if not isinstance(fields, dict):
            continue
        for name, info in fields.items():
            if name in sensitive:
                checked += 1
                assert re.search(r"Secret(Str|Bytes)", str(info.annotation)) or not info.repr, \
                    f"{system}: {obj.__name__}.{name} shows its value in repr"
    assert checked >= len(sensitive)
