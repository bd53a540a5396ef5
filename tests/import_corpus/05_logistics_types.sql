-- Parcel tracking: nested composite types, arrays of them, and domains over enums and domains.
CREATE SCHEMA geo;
COMMENT ON SCHEMA geo IS 'Places and coordinates.';

CREATE TYPE parcel_status AS ENUM ('created', 'in_transit', 'delivered', 'lost');

CREATE DOMAIN geo.latitude AS double precision CHECK (VALUE BETWEEN -90 AND 90);
CREATE DOMAIN geo.longitude AS double precision CHECK (VALUE BETWEEN -180 AND 180);

CREATE TYPE geo.coords AS (
    lat geo.latitude,
    lon geo.longitude
);
COMMENT ON TYPE geo.coords IS 'A point on Earth (WGS 84).';

CREATE TYPE stop AS (
    at geo.coords,
    reached_at timestamptz,
    note text
);

CREATE DOMAIN open_status AS parcel_status
    CONSTRAINT open_status_not_final CHECK (VALUE NOT IN ('delivered', 'lost'));
COMMENT ON DOMAIN open_status IS 'A status a parcel can still leave.';

CREATE DOMAIN weight_grams AS integer CHECK (VALUE > 0);
CREATE DOMAIN light_weight AS weight_grams CHECK (VALUE <= 2000);

CREATE TABLE parcels (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    status parcel_status NOT NULL DEFAULT 'created',
    weight weight_grams NOT NULL,
    origin geo.coords NOT NULL,
    route stop[] NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE parcels IS 'One parcel and the stops it made.';
COMMENT ON COLUMN parcels.route IS 'Stops in the order they were reached.';

CREATE TABLE letters (
    id serial PRIMARY KEY,
    parcel_id uuid REFERENCES parcels (id),
    weight light_weight NOT NULL,
    last_status open_status
);
CREATE INDEX letters_parcel_id_idx ON letters (parcel_id);

CREATE FUNCTION last_stop(route stop[]) RETURNS stop
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT route[array_length(route, 1)] $$;
