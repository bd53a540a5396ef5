"""The README's example spec is valid, and its migration round-trips on a live database."""

from __future__ import annotations

import re

import psycopg

from conftest import REPO, apply_sql, run_pgspec
from generator.diff.differ import diff
from generator.introspect.catalog import introspect
from generator.spec.build import load_system


def test_readme_example_spec_generates_and_round_trips(tmp_path, fresh_db):
    text = (REPO / "README.md").read_text()
    (example,) = re.findall(r"```yaml\n(.*?)```", text, re.S)
    folder = tmp_path / "spec" / "readme"
    folder.mkdir(parents=True)
    (folder / "example.yaml").write_text(example)
    result = run_pgspec("generate", "--strict", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    apply_sql(fresh_db, (tmp_path / "generated" / "readme" / "migrations" / "0001_initial.sql").read_text())
    model = load_system(folder).model
    with psycopg.connect(fresh_db) as conn:
        assert diff(introspect(conn, model.roles), model) == []


def test_readme_names_the_two_setup_commands():
    text = (REPO / "README.md").read_text()
    assert "make generate" in text and "make test" in text
    assert "make test" in (REPO / ".ci" / "run").read_text()
