-- A small shop split into three schemas that refer to each other: the application's tables in
-- "app", invoicing in "billing", an append-only trail in "audit". Two tables are called "events"
-- and two enums "status", in different schemas.
CREATE ROLE c16_web NOLOGIN;
CREATE ROLE c16_auditor NOLOGIN;
COMMENT ON ROLE c16_web IS 'The web application.';

-- Set first, so that everything created below follows them.
ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;

CREATE SCHEMA app;
CREATE SCHEMA billing;
CREATE SCHEMA audit;
ALTER DEFAULT PRIVILEGES IN SCHEMA audit GRANT SELECT ON TABLES TO c16_auditor;
COMMENT ON SCHEMA audit IS 'Append-only history.';
GRANT USAGE ON SCHEMA app TO c16_web;
GRANT USAGE ON SCHEMA billing TO c16_web;
GRANT USAGE ON SCHEMA audit TO c16_web, c16_auditor;

CREATE TYPE app.status AS ENUM ('draft', 'placed', 'shipped');
CREATE TYPE billing.status AS ENUM ('open', 'paid', 'void');

CREATE FUNCTION audit.current_actor() RETURNS text LANGUAGE sql STABLE
    AS $$ SELECT current_setting('app.actor', true) $$;
GRANT EXECUTE ON FUNCTION audit.current_actor() TO c16_web;

CREATE TABLE billing.customers (
    id serial PRIMARY KEY,
    email text NOT NULL UNIQUE
);

CREATE TABLE app.orders (
    id serial PRIMARY KEY,
    customer_id integer NOT NULL REFERENCES billing.customers (id),
    status app.status NOT NULL DEFAULT 'draft',
    placed_by text DEFAULT audit.current_actor()
);
COMMENT ON TABLE app.orders IS 'What customers buy.';
CREATE INDEX orders_customer_idx ON app.orders (customer_id);

CREATE TABLE billing.invoices (
    id serial PRIMARY KEY,
    order_id integer NOT NULL REFERENCES app.orders (id) ON DELETE CASCADE,
    status billing.status NOT NULL DEFAULT 'open',
    order_status app.status NOT NULL
);
CREATE INDEX invoices_order_idx ON billing.invoices (order_id);

CREATE TABLE app.events (
    id serial PRIMARY KEY,
    order_id integer REFERENCES app.orders (id),
    kind text NOT NULL
);

CREATE TABLE audit.events (
    id bigserial PRIMARY KEY,
    actor text,
    table_name text NOT NULL,
    happened timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE audit.events IS 'One row per change, written by audit.record().';

CREATE FUNCTION audit.record() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO audit.events (actor, table_name) VALUES (audit.current_actor(), TG_TABLE_NAME);
    RETURN NEW;
END
$$;

CREATE TRIGGER orders_audit AFTER INSERT OR UPDATE ON app.orders FOR EACH ROW EXECUTE FUNCTION audit.record();
CREATE TRIGGER invoices_audit AFTER INSERT OR UPDATE ON billing.invoices FOR EACH ROW EXECUTE FUNCTION audit.record();

ALTER TABLE app.orders ENABLE ROW LEVEL SECURITY;
CREATE POLICY orders_by_actor ON app.orders FOR SELECT TO c16_web USING (placed_by = audit.current_actor());

GRANT SELECT, INSERT ON app.orders TO c16_web;
GRANT USAGE ON SEQUENCE app.orders_id_seq TO c16_web;
GRANT SELECT ON billing.invoices, billing.customers TO c16_web;
