-- A warehouse: countdown and cycling counters, a pallet sequence owned by its column, and
-- volumes computed through an immutable function.
CREATE SCHEMA stock;
CREATE ROLE warehouse_app NOLOGIN;

CREATE FUNCTION stock.volume_litres(l numeric, w numeric, h numeric) RETURNS numeric
    LANGUAGE sql IMMUTABLE AS $$ SELECT l * w * h / 1000 $$;
COMMENT ON FUNCTION stock.volume_litres(numeric, numeric, numeric) IS 'Centimetres in, litres out.';

CREATE SEQUENCE stock.launch_countdown AS integer INCREMENT BY -1 MINVALUE 0 MAXVALUE 10 START WITH 10 CYCLE;
COMMENT ON SEQUENCE stock.launch_countdown IS 'Counts down to zero, then starts again.';

CREATE SEQUENCE stock.bin_rotation AS smallint MINVALUE 1 MAXVALUE 12 CYCLE CACHE 3;
GRANT USAGE, UPDATE ON SEQUENCE stock.bin_rotation TO warehouse_app;

CREATE TABLE stock.pallets (
    number bigint NOT NULL,
    sku varchar(32) COLLATE "C" NOT NULL,
    length_cm numeric(8, 1) NOT NULL CHECK (length_cm > 0),
    width_cm numeric(8, 1) NOT NULL CHECK (width_cm > 0),
    height_cm numeric(8, 1) NOT NULL CHECK (height_cm > 0),
    litres numeric GENERATED ALWAYS AS (stock.volume_litres(length_cm, width_cm, height_cm)) STORED,
    bin smallint NOT NULL DEFAULT nextval('stock.bin_rotation'),
    CONSTRAINT pallets_pkey PRIMARY KEY (number)
);
COMMENT ON TABLE stock.pallets IS 'One row per pallet on the floor.';

CREATE SEQUENCE stock.pallet_number INCREMENT BY 2 START WITH 101 MINVALUE 101 OWNED BY stock.pallets.number;
ALTER TABLE stock.pallets ALTER COLUMN number SET DEFAULT nextval('stock.pallet_number');

CREATE INDEX pallets_sku ON stock.pallets (sku);
CREATE INDEX pallets_litres ON stock.pallets (litres) WHERE litres > 1000;

GRANT SELECT, INSERT, UPDATE ON stock.pallets TO warehouse_app;
