-- A helpdesk: tickets numbered from one sequence shared by two queues, a search vector kept
-- by Postgres, and tags that sort in byte order.
CREATE ROLE helpdesk_agent NOLOGIN;

CREATE TYPE ticket_status AS ENUM ('open', 'waiting', 'closed');

CREATE SEQUENCE ticket_reference START WITH 50000;
COMMENT ON SEQUENCE ticket_reference IS 'Shared by customer tickets and internal requests.';
GRANT USAGE ON SEQUENCE ticket_reference TO helpdesk_agent;

CREATE TABLE tickets (
    id serial PRIMARY KEY,
    reference bigint NOT NULL DEFAULT nextval('ticket_reference'),
    status ticket_status NOT NULL DEFAULT 'open',
    subject text NOT NULL,
    body text NOT NULL DEFAULT '',
    search tsvector GENERATED ALWAYS AS (to_tsvector('english'::regconfig, subject || ' ' || body)) STORED,
    created_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE tickets IS 'Customer tickets.';
COMMENT ON COLUMN tickets.search IS 'Full text search over subject and body.';
CREATE INDEX tickets_search ON tickets USING gin (search);
CREATE UNIQUE INDEX tickets_reference ON tickets (reference);

CREATE TABLE internal_requests (
    id serial PRIMARY KEY,
    reference bigint NOT NULL DEFAULT nextval('ticket_reference'),
    summary text NOT NULL,
    summary_length integer GENERATED ALWAYS AS (length(summary)) STORED NOT NULL
);

CREATE TABLE tags (
    name text COLLATE "C" PRIMARY KEY,
    label text COLLATE "POSIX" NOT NULL
);
COMMENT ON COLUMN tags.name IS 'Sorted in byte order.';

CREATE TABLE ticket_tags (
    ticket_id integer NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    tag text COLLATE "C" NOT NULL REFERENCES tags (name),
    PRIMARY KEY (ticket_id, tag)
);
CREATE INDEX ticket_tags_tag ON ticket_tags (tag);

GRANT SELECT, INSERT, UPDATE ON tickets, internal_requests, ticket_tags TO helpdesk_agent;
GRANT SELECT ON tags TO helpdesk_agent;
GRANT USAGE ON SEQUENCE tickets_id_seq, internal_requests_id_seq TO helpdesk_agent;
