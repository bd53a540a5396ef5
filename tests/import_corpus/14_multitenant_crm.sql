-- A multi-tenant CRM: contacts partitioned by data region (list), the European region split
-- further by hash of the tenant; row level security isolates tenants on the partitioned table.
CREATE ROLE crm_app NOLOGIN;

CREATE FUNCTION current_tenant() RETURNS integer LANGUAGE sql STABLE
AS $$ SELECT nullif(current_setting('app.tenant_id', true), '')::integer $$;
REVOKE EXECUTE ON FUNCTION current_tenant() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION current_tenant() TO crm_app;

CREATE TABLE tenants (
    id serial PRIMARY KEY,
    name text NOT NULL,
    region text NOT NULL CHECK (region IN ('eu', 'us', 'apac'))
);
COMMENT ON TABLE tenants IS 'A customer company and the region its data must stay in.';

CREATE TABLE contacts (
    tenant_id integer NOT NULL REFERENCES tenants (id),
    region text NOT NULL,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    email varchar(320) NOT NULL,
    full_name text,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (region, tenant_id, id),
    UNIQUE (region, tenant_id, email)
) PARTITION BY LIST (region);
COMMENT ON TABLE contacts IS 'People a tenant deals with, stored in the tenant''s region.';

CREATE TABLE contacts_apac PARTITION OF contacts FOR VALUES IN ('apac');
CREATE TABLE contacts_eu PARTITION OF contacts FOR VALUES IN ('eu', 'uk') PARTITION BY HASH (tenant_id);
COMMENT ON TABLE contacts_eu IS 'European tenants, spread over four partitions.';
CREATE TABLE contacts_eu_0 PARTITION OF contacts_eu FOR VALUES WITH (MODULUS 4, REMAINDER 0);
CREATE TABLE contacts_eu_1 PARTITION OF contacts_eu FOR VALUES WITH (MODULUS 4, REMAINDER 1);
CREATE TABLE contacts_eu_2 PARTITION OF contacts_eu FOR VALUES WITH (MODULUS 4, REMAINDER 2);
CREATE TABLE contacts_eu_3 PARTITION OF contacts_eu FOR VALUES WITH (MODULUS 4, REMAINDER 3);
CREATE TABLE contacts_us PARTITION OF contacts FOR VALUES IN ('us', 'ca');

CREATE INDEX contacts_name_idx ON contacts (lower(full_name)) WHERE full_name IS NOT NULL;
ALTER TABLE contacts ENABLE ROW LEVEL SECURITY;
CREATE POLICY contacts_by_tenant ON contacts TO crm_app
    USING (tenant_id = current_tenant()) WITH CHECK (tenant_id = current_tenant());
GRANT SELECT, INSERT, UPDATE, DELETE ON contacts TO crm_app;
