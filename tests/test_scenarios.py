"""Every scenario of every spec, on a fresh database built from the generated migrations."""

from __future__ import annotations

import shutil
from pathlib import Path

import psycopg
import pytest
from psycopg import sql
from psycopg.conninfo import make_conninfo

from conftest import REPO, SYSTEMS, apply_migrations, run_pgspec
from generator.errors import SpecError
from generator.pgserver import PostgresServer
from generator.scenarios import ensure_tester, run_scenario
from generator.spec.build import load_system



def _load(system: str):
    try:
        return load_system(REPO / "spec" / system)
    except SpecError as e:  # reported by test_every_system_loads, without hiding the other systems
        return e


BUILT = {s: _load(s) for s in SYSTEMS}
CASES = [(s, name) for s in SYSTEMS if not isinstance(BUILT[s], SpecError) for name in BUILT[s].scenarios]


class SystemDatabases:
    """One database per system built from its migrations, used as the template of each scenario's."""

    def __init__(self, server: PostgresServer, root: Path):
        self.server, self.root, self.templates = server, root, {}

    def template(self, system: str) -> str:
        if system not in self.templates:
            dsn = self.server.create_database(f"tpl_{system}")
            apply_migrations(dsn, self.root / "generated" / system / "migrations")
            self.templates[system] = psycopg.conninfo.conninfo_to_dict(dsn)["dbname"]
        return self.templates[system]

    def scenario_db(self, system: str, name: str) -> str:
        template = self.template(system)
        target = f"sc_{abs(hash((system, name))) % 10**10}"
        with psycopg.connect(self.server.admin_dsn, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(target)))
            conn.execute(sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(sql.Identifier(target),
                                                                          sql.Identifier(template)))
        return self.server.dsn(target)

    def close(self) -> None:
        for name in self.templates.values():
            self.server.drop_database(name)


@pytest.fixture(scope="module")
def databases(pg_server):
    dbs = SystemDatabases(pg_server, REPO)
    yield dbs
    dbs.close()


def run(databases: SystemDatabases, system: str, built, name: str):
    dsn = databases.scenario_db(system, name)
    try:
        tester = ensure_tester(databases.server.admin_dsn, sorted(built.model.roles))
        tester_dsn = make_conninfo(dsn, **psycopg.conninfo.conninfo_to_dict(tester))
        return run_scenario(system, name, built.scenarios[name], dsn, tester_dsn)
    finally:
        databases.server.drop_database(dsn)


@pytest.mark.parametrize("system,name", CASES, ids=[f"{s}:{n}" for s, n in CASES])
def test_scenario(databases, system, name):
    failure = run(databases, system, BUILT[system], name)
    assert failure is None, str(failure)


@pytest.mark.parametrize("system", SYSTEMS)
def test_every_system_loads_and_has_scenarios(system):
    assert not isinstance(BUILT[system], SpecError), str(BUILT[system])
    assert BUILT[system].scenarios


@pytest.mark.parametrize("edit,scenario", [
    (("logs.yaml", "        events: [update, delete]\n", "        events: [delete]\n"), "logs_cannot_be_updated"),
    (("users.yaml", "        using: id = app_user_id()\n", "        using: id IS NOT NULL\n"),
     "agent_sees_only_itself"),
])
def test_breaking_the_spec_fails_a_named_scenario(tmp_path, pg_server, edit, scenario):
    """A policy or trigger broken in a copy of the spec makes the scenario that guards it fail."""
    shutil.copytree(REPO / "spec", tmp_path / "spec")
    file, old, new = edit
    path = tmp_path / "spec" / "cortexos" / file
    assert old in path.read_text()
    path.write_text(path.read_text().replace(old, new, 1))
    assert run_pgspec("generate", "spec/cortexos", cwd=tmp_path).returncode == 0
    built = load_system(tmp_path / "spec" / "cortexos")
    dbs = SystemDatabases(pg_server, tmp_path)
    try:
        failure = run(dbs, "cortexos", built, scenario)
    finally:
        dbs.close()
    assert failure is not None and failure.scenario == scenario
    assert str(failure).startswith(f"cortexos / {scenario}, step ")
