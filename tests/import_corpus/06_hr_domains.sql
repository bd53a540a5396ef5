-- Staff records in their own schema: domains with collations, defaults from functions, and a
-- composite type used by a table, a function and another schema.
CREATE SCHEMA hr;
COMMENT ON SCHEMA hr IS 'Human resources.';

CREATE DOMAIN hr.employee_code AS varchar(12) COLLATE "C"
    CONSTRAINT employee_code_format CHECK (VALUE ~ '^E[0-9]+$');
COMMENT ON DOMAIN hr.employee_code IS 'E followed by digits; sorted byte-wise.';

CREATE DOMAIN hr.hire_date AS date NOT NULL DEFAULT current_date
    CONSTRAINT hire_date_not_future CHECK (VALUE <= current_date + 30);

CREATE TYPE hr.salary_band AS (
    low numeric(10,2),
    high numeric(10,2),
    currency char(3)
);
COMMENT ON COLUMN hr.salary_band.low IS 'Yearly, before tax.';

CREATE TABLE hr.employees (
    id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code hr.employee_code NOT NULL UNIQUE,
    full_name text NOT NULL,
    hired_on hr.hire_date,
    band hr.salary_band
);
COMMENT ON TABLE hr.employees IS 'Everyone on the payroll.';

CREATE TABLE public.badges (
    id serial PRIMARY KEY,
    employee_code hr.employee_code NOT NULL,
    issued_band hr.salary_band
);

CREATE FUNCTION hr.band_width(b hr.salary_band) RETURNS numeric
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT (b).high - (b).low $$;
