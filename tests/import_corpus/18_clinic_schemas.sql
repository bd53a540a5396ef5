-- A clinic: scheduling in "scheduling", patient records in "records", and two helper functions
-- both called now_local() (one per schema, each with its own time zone). Every schema created
-- from here on is usable by the staff role.
CREATE ROLE c18_staff NOLOGIN;
CREATE ROLE c18_doctor NOLOGIN;
COMMENT ON ROLE c18_doctor IS 'May read records.';

ALTER DEFAULT PRIVILEGES GRANT USAGE ON SCHEMAS TO c18_staff;

CREATE SCHEMA scheduling;
CREATE SCHEMA records;
GRANT USAGE ON SCHEMA records TO c18_doctor;
ALTER DEFAULT PRIVILEGES IN SCHEMA scheduling GRANT SELECT, INSERT, UPDATE ON TABLES TO c18_staff;
ALTER DEFAULT PRIVILEGES IN SCHEMA records GRANT SELECT ON TABLES TO c18_doctor;
ALTER DEFAULT PRIVILEGES IN SCHEMA scheduling GRANT EXECUTE ON FUNCTIONS TO c18_staff;
ALTER DEFAULT PRIVILEGES IN SCHEMA scheduling GRANT USAGE ON SEQUENCES TO c18_staff;

CREATE TYPE scheduling.visit_kind AS ENUM ('checkup', 'follow_up', 'emergency');

CREATE FUNCTION scheduling.now_local() RETURNS timestamp LANGUAGE sql STABLE
    AS $$ SELECT now() AT TIME ZONE 'Europe/Berlin' $$;
CREATE FUNCTION records.now_local() RETURNS timestamp LANGUAGE sql STABLE
    AS $$ SELECT now() AT TIME ZONE 'UTC' $$;
COMMENT ON FUNCTION records.now_local() IS 'Records are kept in UTC.';

CREATE TABLE records.patients (
    id serial PRIMARY KEY,
    full_name text NOT NULL,
    created_at timestamp NOT NULL DEFAULT records.now_local()
);
COMMENT ON COLUMN records.patients.full_name IS 'As on the insurance card.';

CREATE TABLE scheduling.rooms (
    id serial PRIMARY KEY,
    label text NOT NULL UNIQUE
);

CREATE TABLE scheduling.visits (
    id serial PRIMARY KEY,
    patient_id integer NOT NULL REFERENCES records.patients (id),
    room_id integer REFERENCES scheduling.rooms (id) ON DELETE SET NULL,
    kind scheduling.visit_kind NOT NULL DEFAULT 'checkup',
    starts_at timestamp NOT NULL,
    booked_at timestamp NOT NULL DEFAULT scheduling.now_local(),
    CHECK (starts_at > booked_at - interval '1 day')
);
CREATE INDEX visits_patient_idx ON scheduling.visits (patient_id);
CREATE INDEX visits_room_idx ON scheduling.visits (room_id, starts_at);

CREATE TABLE records.notes (
    id serial PRIMARY KEY,
    visit_id integer NOT NULL REFERENCES scheduling.visits (id) ON DELETE CASCADE,
    kind scheduling.visit_kind NOT NULL,
    body text NOT NULL,
    written_at timestamp NOT NULL DEFAULT records.now_local()
);
CREATE INDEX notes_visit_idx ON records.notes (visit_id);

CREATE FUNCTION records.copy_kind() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.kind := (SELECT v.kind FROM scheduling.visits v WHERE v.id = NEW.visit_id);
    RETURN NEW;
END
$$;
CREATE TRIGGER notes_kind BEFORE INSERT ON records.notes FOR EACH ROW EXECUTE FUNCTION records.copy_kind();

ALTER TABLE records.notes ENABLE ROW LEVEL SECURITY;
CREATE POLICY notes_recent ON records.notes FOR SELECT TO c18_doctor
    USING (written_at > records.now_local() - interval '1 year');
