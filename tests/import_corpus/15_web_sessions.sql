-- Web sessions spread by hash of their id over eight partitions, and audit lines partitioned by a
-- range over an expression (the day of the entry) with open ends.
CREATE ROLE websess_app NOLOGIN;

CREATE TABLE users (
    id bigserial PRIMARY KEY,
    email text NOT NULL UNIQUE
);

CREATE TABLE sessions (
    id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
    user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    data jsonb,
    CHECK (expires_at > created_at)
) PARTITION BY HASH (id);
COMMENT ON TABLE sessions IS 'Logged-in sessions; hash partitions keep each one small for vacuum.';
COMMENT ON COLUMN sessions.data IS 'Whatever the web app keeps between requests.';
CREATE TABLE sessions_0 PARTITION OF sessions FOR VALUES WITH (MODULUS 8, REMAINDER 0);
CREATE TABLE sessions_1 PARTITION OF sessions FOR VALUES WITH (MODULUS 8, REMAINDER 1);
CREATE TABLE sessions_2 PARTITION OF sessions FOR VALUES WITH (MODULUS 8, REMAINDER 2);
CREATE TABLE sessions_3 PARTITION OF sessions FOR VALUES WITH (MODULUS 8, REMAINDER 3);
CREATE TABLE sessions_4 PARTITION OF sessions FOR VALUES WITH (MODULUS 8, REMAINDER 4);
CREATE TABLE sessions_5 PARTITION OF sessions FOR VALUES WITH (MODULUS 8, REMAINDER 5);
CREATE TABLE sessions_6 PARTITION OF sessions FOR VALUES WITH (MODULUS 8, REMAINDER 6);
CREATE TABLE sessions_7 PARTITION OF sessions FOR VALUES WITH (MODULUS 8, REMAINDER 7);
CREATE INDEX sessions_user_idx ON sessions (user_id);
CREATE INDEX sessions_expiry_idx ON sessions USING brin (expires_at);
GRANT SELECT, INSERT, UPDATE, DELETE ON sessions TO websess_app;

CREATE TABLE audit_lines (
    at timestamp NOT NULL,
    actor text NOT NULL,
    line text NOT NULL
) PARTITION BY RANGE ((at::date));
COMMENT ON TABLE audit_lines IS 'Append-only audit trail, by day of entry (UTC).';
CREATE TABLE audit_lines_old PARTITION OF audit_lines FOR VALUES FROM (MINVALUE) TO ('2026-01-01');
COMMENT ON TABLE audit_lines_old IS 'Everything before 2026.';
CREATE TABLE audit_lines_2026 PARTITION OF audit_lines FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
CREATE TABLE audit_lines_later PARTITION OF audit_lines FOR VALUES FROM ('2027-01-01') TO (MAXVALUE);
CREATE INDEX audit_lines_actor_idx ON audit_lines (actor, at);
GRANT INSERT ON audit_lines TO websess_app;
