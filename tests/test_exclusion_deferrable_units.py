"""Exclusion constraints and deferrable keys without a database: the model the builder makes, the
snapshot round trip, the differ's changes, the docs and the gist extension check (E195)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from generator.diff import changes as ch
from generator.diff.differ import diff
from generator.emit.docs import readme
from generator.emit.sql import render
from generator.errors import SpecError
from generator.model import objects as m
from generator.model.snapshot import dumps, loads
from generator.spec.build import load_system

GOLDEN = Path(__file__).parent / "golden" / "exclusion_deferrable" / "spec" / "exclusion_deferrable"


@pytest.fixture(scope="module")
def model() -> m.Model:
    return load_system(GOLDEN).model


def _constraint(model: m.Model, table: str, name: str):
    return next(c for c in model.tables[("public", table)].constraints if c.name == name)


def test_builder_makes_the_model(model):
    x = _constraint(model, "bookings", "bookings_room_overlap")
    assert [(e.key.column, e.operator) for e in x.elements] == [("room_id", "="), ("during", "&&")]
    assert (x.method, x.deferrable, x.initially_deferred, x.where.text) == ("gist", True, False, "NOT cancelled")
    seats = _constraint(model, "bookings", "bookings_seats")
    assert seats.elements[0].key.expression is not None and seats.include == ("room_id",)
    assert _constraint(model, "maintenance", "maintenance_no_overlap").comment.startswith("No two rows")
    pk, unique = _constraint(model, "playlist_items", "playlist_items_pkey"), _constraint(
        model, "playlist_items", "playlist_items_position")
    assert (pk.deferrable, pk.initially_deferred, unique.deferrable, unique.initially_deferred) == (True, False, True, True)


def test_snapshot_keeps_them(model):
    assert loads(dumps(model)) == model


def test_a_changed_exclusion_is_dropped_and_added_and_a_renamed_one_renamed(model):
    table = model.tables[("public", "bookings")]
    x = _constraint(model, "bookings", "bookings_room_overlap")
    changed = replace(x, where=None)
    renamed = replace(_constraint(model, "bookings", "bookings_seats"), name="bookings_seat_ranges")
    others = tuple(c for c in table.constraints if c.name not in (x.name, "bookings_seats"))
    after = replace(model, tables=model.tables | {table.qname: replace(table, constraints=others + (changed, renamed))})
    described = [c.describe() for c in diff(model, after)]
    assert described == ["rename exclusion constraint bookings_seats on bookings to bookings_seat_ranges",
                         "drop exclusion constraint bookings_room_overlap on bookings",
                         "create exclusion constraint bookings_room_overlap on bookings",
                         "set comment on exclusion constraint bookings_room_overlap on bookings"]


def test_a_replaced_key_takes_the_foreign_keys_on_it_along(model):
    rooms = model.tables[("public", "rooms")]
    pk = _constraint(model, "rooms", "rooms_pkey")

    def with_pk(new_pk):
        return replace(model, tables=model.tables | {rooms.qname: replace(rooms, constraints=tuple(
            c for c in rooms.constraints if c is not pk) + (new_pk,))})

    assert [type(c) for c in diff(model, with_pk(replace(pk, comment="Said.")))] == [ch.SetComment]
    described = [c.describe() for c in diff(model, with_pk(replace(pk, deferrable=True)))]
    fk = "foreign key bookings_room_id_fkey on bookings"
    assert described.index(f"drop {fk}") < described.index("drop primary key rooms_pkey on rooms") < \
        described.index("create primary key rooms_pkey on rooms") < described.index(f"create {fk}")
    assert len(described) == 4


def test_docs_list_them(model):
    built = load_system(GOLDEN)
    text = readme(built, [])
    assert ("- `bookings_room_overlap`: `EXCLUDE USING gist (room_id WITH =, during WITH &&) WHERE (NOT cancelled) "
            "DEFERRABLE INITIALLY IMMEDIATE`. A room holds one booking at a time") in text
    assert "`UNIQUE (playlist_id, \"position\") DEFERRABLE INITIALLY DEFERRED`" in text


def _spec(tmp_path: Path, extensions: str, element: str, method: str = "gist") -> Path:
    folder = tmp_path / "s"
    folder.mkdir(exist_ok=True)
    (folder / "s.yaml").write_text(f"""{extensions}
tables:
  t:
    columns:
      id: {{type: integer, primary_key: true}}
      during: {{type: tsrange, nullable: false}}
    exclusions:
      t_x:
        method: {method}
        elements:
          - {element}
          - {{column: during, with: "&&"}}
""")
    return folder


@pytest.mark.parametrize("extensions, element, method, refused", [
    ("", '{column: id, with: "="}', "gist", True),
    ("extensions: {btree_gist: {}}", '{column: id, with: "="}', "gist", False),
    ("", '{column: id, with: "=", opclass: my_int_ops}', "gist", False),  # the author names the class
    ("", '{expression: "int4range(id, id + 1)", with: "&&"}', "gist", False),  # a range needs nothing
])
def test_gist_equality_needs_btree_gist(tmp_path, extensions, element, method, refused):
    folder = _spec(tmp_path, extensions, element, method)
    if refused:
        with pytest.raises(SpecError) as e:
            load_system(folder)
        assert [d.code for d in e.value.diagnostics] == ["E195"]
    else:
        assert load_system(folder).model.tables[("public", "t")].constraints


def test_an_exclusion_led_by_the_foreign_key_column_indexes_it(tmp_path):
    folder = tmp_path / "w"
    folder.mkdir()
    head = """extensions: {btree_gist: {}}
tables:
  rooms:
    columns:
      id: {type: integer, primary_key: true}
  bookings:
    columns:
      id: {type: integer, primary_key: true}
      room_id: {type: integer, nullable: false, references: rooms.id}
      during: {type: tsrange, nullable: false}
    exclusions:
      bookings_overlap:
        elements: [{column: room_id, with: "="}, {column: during, with: "&&"}]
"""
    (folder / "w.yaml").write_text(head)
    assert [d.code for d in load_system(folder).warnings] == []
    (folder / "w.yaml").write_text(head + "        where: id > 0\n")  # a partial index serves no lookup
    assert [d.code for d in load_system(folder).warnings] == ["W202"]


def test_an_exclusion_calling_a_replaced_function_goes_first_and_comes_back(tmp_path):
    def build(returns: str, body: str) -> m.Model:
        folder = tmp_path / returns
        folder.mkdir()
        (folder / "f.yaml").write_text(f"""functions:
  slot_of:
    args: [{{name: t, type: text}}]
    returns: {returns}
    language: sql
    volatility: immutable
    body: {body}
tables:
  slots:
    columns:
      id: {{type: integer, primary_key: true}}
      label: {{type: text, nullable: false}}
    exclusions:
      slots_label:
        method: hash
        elements: [{{expression: slot_of(label), with: "="}}]
""")
        return load_system(folder).model

    described = [c.describe() for c in diff(build("text", "SELECT lower(t)"), build("varchar", "SELECT upper(t)"))]
    x, fn = "exclusion constraint slots_label on slots", "function slot_of(text)"
    assert described.index(f"drop {x}") < described.index(f"drop {fn}") < described.index(f"create {fn}") < \
        described.index(f"create {x}")


def test_a_foreign_key_changing_only_its_deferral_is_altered_unless_its_key_is_replaced(model):
    bookings, rooms = model.tables[("public", "bookings")], model.tables[("public", "rooms")]
    fk = _constraint(model, "bookings", "bookings_room_id_fkey")
    deferred = replace(fk, deferrable=True, initially_deferred=True)
    tables = model.tables | {bookings.qname: replace(bookings, constraints=tuple(
        deferred if c is fk else c for c in bookings.constraints))}
    changes = diff(model, replace(model, tables=tables))
    assert [type(c) for c in changes] == [ch.Alter]
    assert render(changes[0]) == ["ALTER TABLE bookings ALTER CONSTRAINT bookings_room_id_fkey "
                                  "DEFERRABLE INITIALLY DEFERRED"]
    assert render(changes[0].reverse()) == ["ALTER TABLE bookings ALTER CONSTRAINT bookings_room_id_fkey "
                                            "NOT DEFERRABLE"]
    pk = _constraint(model, "rooms", "rooms_pkey")
    tables[rooms.qname] = replace(rooms, constraints=tuple(replace(c, comment="x", deferrable=True) if c is pk else c
                                                           for c in rooms.constraints))
    kinds = [(type(c).__name__, type(getattr(c, "obj", None)).__name__) for c in diff(model, replace(model, tables=tables))]
    assert ("Drop", "ForeignKey") in kinds and ("Create", "ForeignKey") in kinds and ("Alter", "NoneType") not in kinds
