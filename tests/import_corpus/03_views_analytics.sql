-- Subscription analytics: raw events in public, reports in their own schema.
CREATE SCHEMA reporting;
COMMENT ON SCHEMA reporting IS 'Read-only reports for the finance team.';

CREATE TABLE accounts (
    id uuid PRIMARY KEY,
    plan text NOT NULL CHECK (plan IN ('free', 'pro', 'team')),
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE invoices (
    id bigserial PRIMARY KEY,
    account_id uuid NOT NULL REFERENCES accounts (id),
    amount_cents bigint NOT NULL,
    issued_on date NOT NULL
);
CREATE INDEX invoices_account_id_idx ON invoices (account_id);

CREATE TABLE refunds (
    id bigserial PRIMARY KEY,
    invoice_id bigint NOT NULL REFERENCES invoices (id),
    amount_cents bigint NOT NULL,
    refunded_on date NOT NULL
);
CREATE INDEX refunds_invoice_id_idx ON refunds (invoice_id);

CREATE VIEW reporting.ledger AS
SELECT i.account_id, i.issued_on AS day, i.amount_cents FROM invoices i
UNION ALL
SELECT i.account_id, r.refunded_on, -r.amount_cents FROM refunds r JOIN invoices i ON i.id = r.invoice_id;
COMMENT ON VIEW reporting.ledger IS 'Money in and out, one row per movement.';

CREATE MATERIALIZED VIEW reporting.monthly_revenue AS
WITH months AS (
    SELECT date_trunc('month', day)::date AS month, amount_cents FROM reporting.ledger
)
SELECT month, sum(amount_cents) AS net_cents, count(*) AS movements
FROM months GROUP BY month;
CREATE UNIQUE INDEX monthly_revenue_month_idx ON reporting.monthly_revenue (month);
CREATE INDEX monthly_revenue_year_idx ON reporting.monthly_revenue ((extract(year FROM month)));

CREATE VIEW reporting.plan_mix AS
SELECT plan, count(*) AS accounts, round(100.0 * count(*) / sum(count(*)) OVER (), 1) AS percent
FROM accounts GROUP BY plan;
COMMENT ON COLUMN reporting.plan_mix.percent IS 'Share of all accounts, in percent.';
