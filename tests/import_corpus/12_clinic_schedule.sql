-- A clinic's schedule: clinicians work shifts that never overlap, appointments fit one per
-- clinician at a time, and a room's daily slots are numbered in an order staff can shuffle.
CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE ROLE clinic_staff NOLOGIN;

CREATE TABLE clinicians (
    id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    full_name text NOT NULL,
    licence text NOT NULL,
    CONSTRAINT clinicians_licence_key UNIQUE (licence) DEFERRABLE INITIALLY IMMEDIATE
);
COMMENT ON TABLE clinicians IS 'Doctors and nurses.';

CREATE TABLE shifts (
    id serial PRIMARY KEY,
    clinician_id integer NOT NULL REFERENCES clinicians (id) ON DELETE CASCADE,
    on_day daterange NOT NULL,
    ward text NOT NULL,
    CONSTRAINT shifts_one_ward_a_day EXCLUDE USING gist (clinician_id WITH =, on_day WITH &&, ward WITH <>)
);
COMMENT ON CONSTRAINT shifts_one_ward_a_day ON shifts IS 'A clinician is on one ward on any day.';
CREATE INDEX shifts_clinician_id_idx ON shifts (clinician_id);

CREATE TABLE appointments (
    id bigserial PRIMARY KEY,
    clinician_id integer NOT NULL REFERENCES clinicians (id),
    patient text NOT NULL,
    slot tstzrange NOT NULL,
    cancelled_at timestamptz,
    CONSTRAINT appointments_no_double_booking EXCLUDE USING gist (clinician_id WITH =, slot WITH &&)
        WHERE (cancelled_at IS NULL) DEFERRABLE INITIALLY DEFERRED
);
CREATE INDEX appointments_clinician_id_idx ON appointments (clinician_id);
GRANT SELECT, INSERT, UPDATE ON appointments TO clinic_staff;
GRANT USAGE ON SEQUENCE appointments_id_seq TO clinic_staff;

CREATE TABLE room_slots (
    room text NOT NULL,
    day date NOT NULL,
    slot_order smallint NOT NULL,
    label text NOT NULL,
    CONSTRAINT room_slots_pkey PRIMARY KEY (room, day, label),
    CONSTRAINT room_slots_order UNIQUE (room, day, slot_order) DEFERRABLE INITIALLY DEFERRED,
    CONSTRAINT room_slots_spgist EXCLUDE USING spgist (label WITH =) WHERE (room = 'theatre')
);
COMMENT ON CONSTRAINT room_slots_order ON room_slots IS 'Reordering swaps slot_order values within one transaction.';
