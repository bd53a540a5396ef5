-- A small bookshop: catalogue, customers, orders; tenant isolation for staff by shop.
CREATE EXTENSION IF NOT EXISTS pgcrypto;
CREATE ROLE bookshop_staff NOLOGIN;

CREATE TYPE order_status AS ENUM ('cart', 'placed', 'shipped', 'cancelled');

CREATE FUNCTION current_shop() RETURNS uuid LANGUAGE sql STABLE
AS $$ SELECT nullif(current_setting('app.shop_id', true), '')::uuid $$;
COMMENT ON FUNCTION current_shop() IS 'The shop of the session, from app.shop_id.';
REVOKE EXECUTE ON FUNCTION current_shop() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION current_shop() TO bookshop_staff;

CREATE FUNCTION touch_updated_at() RETURNS trigger LANGUAGE plpgsql
AS $$ BEGIN NEW.updated_at := now(); RETURN NEW; END $$;

CREATE TABLE shops (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name text NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now(),
    opened_utc timestamp NOT NULL DEFAULT (now() AT TIME ZONE 'utc'),
    online boolean NOT NULL DEFAULT (current_setting('app.channel', true) IS NOT DISTINCT FROM 'web')
);
COMMENT ON TABLE shops IS 'One physical or online shop.';

CREATE TABLE books (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    shop_id uuid NOT NULL REFERENCES shops (id) ON DELETE CASCADE,
    isbn varchar(13) NOT NULL CHECK (length(isbn) IN (10, 13)),
    title text NOT NULL,
    price numeric(10, 2) NOT NULL CHECK (price >= 0),
    tags text[] NOT NULL DEFAULT '{}',
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (shop_id, isbn)
);
COMMENT ON COLUMN books.price IS 'Price in the shop''s currency.';
CREATE INDEX books_title_idx ON books (lower(title));
CREATE INDEX books_tags_idx ON books USING gin (tags);
CREATE TRIGGER books_touch BEFORE UPDATE ON books FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
ALTER TABLE books ENABLE ROW LEVEL SECURITY;
CREATE POLICY books_by_shop ON books TO bookshop_staff
    USING (shop_id = current_shop()) WITH CHECK (shop_id = current_shop());
GRANT SELECT, INSERT, UPDATE ON books TO bookshop_staff;

CREATE TABLE orders (
    id bigserial PRIMARY KEY,
    shop_id uuid NOT NULL REFERENCES shops (id),
    book_id bigint NOT NULL REFERENCES books (id) ON DELETE RESTRICT,
    status order_status NOT NULL DEFAULT 'cart',
    quantity integer NOT NULL DEFAULT 1 CHECK (quantity > 0),
    placed_at timestamptz
);
CREATE INDEX orders_shop_id_idx ON orders (shop_id);
CREATE INDEX orders_book_id_idx ON orders (book_id);
CREATE INDEX orders_open_idx ON orders (placed_at DESC) WHERE status IN ('placed', 'shipped');
ALTER TABLE orders ENABLE ROW LEVEL SECURITY;
CREATE POLICY orders_by_shop ON orders TO bookshop_staff USING (shop_id = current_shop());
GRANT SELECT ON orders TO bookshop_staff;
