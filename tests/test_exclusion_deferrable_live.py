"""What exclusion constraints and deferrable keys do once generated: the golden case's migration
(``tests/golden/exclusion_deferrable``) on a live database refuses overlapping bookings, lets a
cancelled one overlap, checks a deferrable exclusion at commit when the transaction defers it, and
lets two playlist positions be swapped by two updates in one transaction; a MATCH FULL foreign key
refuses a half-NULL key and a NULLS NOT DISTINCT unique index a second NULL."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest
from psycopg import errors

from conftest import apply_sql
from generator.importer.command import import_dsn

GOLDEN = Path(__file__).parent / "golden" / "exclusion_deferrable"


@pytest.fixture
def db(fresh_db: str) -> str:
    apply_sql(fresh_db, (GOLDEN / "expected.sql").read_text())
    apply_sql(fresh_db, """
        INSERT INTO rooms (name) VALUES ('Blue'), ('Red');
        INSERT INTO bookings (room_id, during) VALUES (1, '[2026-01-01 09:00Z, 2026-01-01 10:00Z)');
        INSERT INTO playlists (title) VALUES ('Mix');
        INSERT INTO playlist_items VALUES (1, 'intro', 1), (1, 'outro', 2);
    """)
    return fresh_db


def test_exclusions_refuse_overlaps_and_defer_when_asked(db):
    with psycopg.connect(db, autocommit=True) as conn:
        overlap = ("INSERT INTO bookings (room_id, during, cancelled) "
                   "VALUES (%s, '[2026-01-01 09:30Z, 2026-01-01 11:00Z)', %s)")
        with pytest.raises(errors.ExclusionViolation):
            conn.execute(overlap, (1, False))
        conn.execute(overlap, (2, False))  # another room
        conn.execute(overlap, (1, True))  # cancelled: outside the partial constraint
        with pytest.raises(errors.ExclusionViolation):  # the mixin's constraint, named for its table
            conn.execute("INSERT INTO maintenance (during) VALUES ('[2026-01-01, 2026-01-03)'), "
                         "('[2026-01-02, 2026-01-04)')")
        with pytest.raises(errors.ExclusionViolation):  # expression element, with an INCLUDE column
            conn.execute("INSERT INTO bookings (room_id, during, seats) VALUES "
                         "(2, '[2027-01-01Z, 2027-01-02Z)', '[1, 5)'), (1, '[2028-01-01Z, 2028-01-02Z)', '[4, 9)')")
        with conn.transaction():  # deferred by the transaction: only the state at COMMIT counts
            conn.execute("SET CONSTRAINTS bookings_room_overlap DEFERRED")
            conn.execute(overlap, (1, False))
            conn.execute("UPDATE bookings SET cancelled = true WHERE room_id = 1 AND NOT cancelled "
                         "AND lower(during) = '2026-01-01 09:00Z'")
        with pytest.raises(errors.ExclusionViolation):
            with conn.transaction():
                conn.execute("SET CONSTRAINTS bookings_room_overlap DEFERRED")
                conn.execute(overlap, (1, False))


def test_deferrable_keys_let_a_transaction_swap_positions(db):
    with psycopg.connect(db, autocommit=True) as conn:
        with conn.transaction():  # initially deferred: no statement in between sees a duplicate
            conn.execute("UPDATE playlist_items SET position = 2 WHERE track = 'intro'")
            conn.execute("UPDATE playlist_items SET position = 1 WHERE track = 'outro'")
        tracks = conn.execute("SELECT track FROM playlist_items ORDER BY position").fetchall()
        assert tracks == [("outro",), ("intro",)]
        with pytest.raises(errors.UniqueViolation):  # still unique once the transaction ends
            conn.execute("UPDATE playlist_items SET position = 1")
        with pytest.raises(errors.UniqueViolation):  # the primary key is deferrable, initially immediate
            with conn.transaction():
                conn.execute("UPDATE playlist_items SET track = 'intro'")
        with conn.transaction():
            conn.execute("SET CONSTRAINTS playlist_items_pkey DEFERRED")
            conn.execute("UPDATE playlist_items SET track = 'x' WHERE track = 'intro'")
            conn.execute("UPDATE playlist_items SET track = 'intro' WHERE track = 'outro'")
            conn.execute("UPDATE playlist_items SET track = 'outro' WHERE track = 'x'")


def test_match_full_and_nulls_not_distinct(db):
    with psycopg.connect(db, autocommit=True) as conn:
        conn.execute("INSERT INTO doors (site, code) VALUES ('hq', 'A')")
        conn.execute("INSERT INTO signs (site, door_code, wording) VALUES ('hq', 'A', 'In'), (NULL, NULL, 'Out')")
        conn.execute("INSERT INTO signs (site) VALUES (NULL)")
        with pytest.raises(errors.ForeignKeyViolation):  # MATCH SIMPLE would let a half-NULL key through
            conn.execute("INSERT INTO signs (site, door_code, wording) VALUES ('hq', NULL, 'Exit')")
        with pytest.raises(errors.UniqueViolation):  # two signs without wording
            conn.execute("INSERT INTO signs (site, door_code) VALUES ('hq', 'A')")


def test_import_writes_them_back(db):
    imported = import_dsn(db, "again")
    assert [str(w) for w in imported.warnings] == []
    text = "\n".join(imported.files.values())
    for expected in ("bookings_room_overlap:", '- {column: room_id, with: "="}', "where: NOT cancelled",
                     "deferrable: true", "initially_deferred: true", "include: [room_id]",
                     "maintenance_no_overlap:", "match: full", "nulls_distinct: false"):
        assert expected in text, expected
