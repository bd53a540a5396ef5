-- A small invoicing product: money, e-mail addresses and postal addresses as types of their own.
CREATE DOMAIN email AS text
    CONSTRAINT email_has_at CHECK (VALUE ~ '^[^@]+@[^@]+$')
    CONSTRAINT email_not_too_long CHECK (length(VALUE) <= 254);
COMMENT ON DOMAIN email IS 'An e-mail address, as typed by the customer.';
COMMENT ON CONSTRAINT email_has_at ON DOMAIN email IS 'One @ with text on both sides.';

CREATE DOMAIN amount AS numeric(12,2) NOT NULL DEFAULT 0 CHECK (VALUE >= 0);
COMMENT ON DOMAIN amount IS 'A non-negative amount of money, two decimals.';

CREATE DOMAIN currency_code AS char(3) DEFAULT 'EUR' CHECK (VALUE ~ '^[A-Z]{3}$');

CREATE TYPE postal_address AS (
    street text,
    city text,
    postal_code varchar(16),
    country char(2)
);
COMMENT ON TYPE postal_address IS 'A postal address as printed on an invoice.';
COMMENT ON COLUMN postal_address.country IS 'ISO 3166-1 alpha-2.';

CREATE TABLE customers (
    id bigserial PRIMARY KEY,
    email email NOT NULL UNIQUE,
    billing_address postal_address,
    created_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE customers IS 'Who we send invoices to.';

CREATE TABLE invoices (
    id bigserial PRIMARY KEY,
    customer_id bigint NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    total amount,
    currency currency_code NOT NULL,
    ship_to postal_address,
    issued_on date NOT NULL DEFAULT current_date
);
CREATE INDEX invoices_customer_id_idx ON invoices (customer_id);
COMMENT ON COLUMN invoices.total IS 'Sum of the lines, tax included.';

CREATE FUNCTION invoice_city(addr postal_address) RETURNS text
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT (addr).city $$;
COMMENT ON FUNCTION invoice_city(postal_address) IS 'The city an invoice goes to.';
