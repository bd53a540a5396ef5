-- Warehouse inventory: stock levels, reorder alerts, and an updatable view for clerks.
CREATE TYPE stock_status AS ENUM ('in_stock', 'low', 'out');

CREATE TABLE products (
    id serial PRIMARY KEY,
    sku text NOT NULL UNIQUE,
    name text NOT NULL,
    price numeric(10,2) NOT NULL CHECK (price >= 0),
    discontinued boolean NOT NULL DEFAULT false
);
COMMENT ON COLUMN products.sku IS 'Stock keeping unit, printed on the label.';

CREATE TABLE stock (
    product_id integer PRIMARY KEY REFERENCES products (id),
    quantity integer NOT NULL DEFAULT 0,
    reorder_at integer NOT NULL DEFAULT 10
);

CREATE FUNCTION stock_level(quantity integer, reorder_at integer) RETURNS stock_status
    LANGUAGE sql IMMUTABLE
    AS $$
SELECT CASE WHEN quantity <= 0 THEN 'out'::stock_status
            WHEN quantity <= reorder_at THEN 'low'::stock_status
            ELSE 'in_stock'::stock_status END
$$;

CREATE VIEW active_products AS
SELECT id, sku, name, price FROM products WHERE NOT discontinued
WITH CASCADED CHECK OPTION;
COMMENT ON VIEW active_products IS 'Clerks insert and edit products through this view.';

CREATE VIEW stock_levels WITH (security_invoker = true) AS
SELECT p.sku, s.quantity, stock_level(s.quantity, s.reorder_at) AS status
FROM stock s JOIN active_products p ON p.id = s.product_id;

CREATE MATERIALIZED VIEW reorder_list AS
SELECT sku, quantity FROM stock_levels WHERE status <> 'in_stock'
WITH NO DATA;
COMMENT ON MATERIALIZED VIEW reorder_list IS 'Filled by the nightly REFRESH.';
CREATE INDEX reorder_list_sku_idx ON reorder_list (sku);
