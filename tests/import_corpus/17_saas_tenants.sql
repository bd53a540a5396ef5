-- A multi-tenant SaaS: identities in "auth", the product in "public", read-only copies for analysts
-- in "reporting". Nobody but the listed roles may even look inside public; the migration role
-- c17_migrator's future objects are shared by default privileges.
CREATE ROLE c17_api NOLOGIN;
CREATE ROLE c17_analyst NOLOGIN;
CREATE ROLE c17_migrator NOLOGIN;
COMMENT ON ROLE c17_analyst IS 'Business intelligence, read only.';

REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO c17_api, c17_analyst;

CREATE SCHEMA auth;
CREATE SCHEMA reporting;
COMMENT ON SCHEMA reporting IS 'Denormalised copies for dashboards.';
GRANT USAGE ON SCHEMA auth TO c17_api;
GRANT USAGE, CREATE ON SCHEMA reporting TO c17_analyst;

-- New types stay private; the migrator's future reporting tables are readable by analysts.
ALTER DEFAULT PRIVILEGES REVOKE USAGE ON TYPES FROM PUBLIC;
ALTER DEFAULT PRIVILEGES FOR ROLE c17_migrator IN SCHEMA reporting GRANT SELECT ON TABLES TO c17_analyst;
ALTER DEFAULT PRIVILEGES FOR ROLE c17_migrator GRANT USAGE, SELECT ON SEQUENCES TO c17_api;
ALTER DEFAULT PRIVILEGES FOR ROLE c17_migrator REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;

CREATE TYPE auth.role AS ENUM ('member', 'admin', 'owner');
CREATE TYPE public.plan AS ENUM ('free', 'team', 'enterprise');
CREATE TYPE reporting.plan AS ENUM ('free', 'paid');

CREATE FUNCTION auth.tenant_id() RETURNS uuid LANGUAGE sql STABLE
    AS $$ SELECT nullif(current_setting('app.tenant_id', true), '')::uuid $$;
COMMENT ON FUNCTION auth.tenant_id() IS 'The tenant of the current request.';
REVOKE EXECUTE ON FUNCTION auth.tenant_id() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION auth.tenant_id() TO c17_api;

CREATE TABLE tenants (
    id uuid PRIMARY KEY,
    name text NOT NULL,
    plan plan NOT NULL DEFAULT 'free'
);

CREATE TABLE auth.users (
    id uuid PRIMARY KEY,
    tenant_id uuid NOT NULL REFERENCES public.tenants (id) ON DELETE CASCADE,
    email text NOT NULL,
    role auth.role NOT NULL DEFAULT 'member',
    CONSTRAINT users_email_key UNIQUE (tenant_id, email)
);

CREATE TABLE public.users (
    id uuid PRIMARY KEY REFERENCES auth.users (id) ON DELETE CASCADE,
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    display_name text
);
COMMENT ON TABLE public.users IS 'Profiles; the identity lives in auth.users.';
CREATE INDEX users_tenant_idx ON public.users (tenant_id);

CREATE TABLE projects (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id uuid NOT NULL DEFAULT auth.tenant_id() REFERENCES tenants (id),
    owner_id uuid NOT NULL REFERENCES auth.users (id),
    title text NOT NULL CHECK (length(title) > 0)
);
CREATE INDEX projects_tenant_idx ON projects (tenant_id);
ALTER TABLE projects ENABLE ROW LEVEL SECURITY;
CREATE POLICY projects_tenant ON projects TO c17_api
    USING (tenant_id = auth.tenant_id()) WITH CHECK (tenant_id = auth.tenant_id());
GRANT SELECT, INSERT, UPDATE, DELETE ON projects TO c17_api;
GRANT SELECT ON tenants, public.users TO c17_api;
GRANT SELECT ON auth.users TO c17_api;

CREATE TABLE reporting.users (
    tenant_id uuid NOT NULL,
    day date NOT NULL,
    plan reporting.plan NOT NULL,
    active integer NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, day)
);
GRANT SELECT ON reporting.users TO c17_analyst;
