-- A music service's playlists: positions are swapped in one transaction, so the keys that
-- hold them are deferrable.
CREATE ROLE playlists_app NOLOGIN;

CREATE TABLE accounts (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    email text NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE playlists (
    id bigserial PRIMARY KEY,
    owner_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    title text NOT NULL,
    CONSTRAINT playlists_title_per_owner UNIQUE (owner_id, title) DEFERRABLE
);
COMMENT ON TABLE playlists IS 'An ordered list of tracks.';
COMMENT ON CONSTRAINT playlists_title_per_owner ON playlists IS 'Titles can be exchanged in one transaction.';

CREATE TABLE playlist_entries (
    playlist_id bigint NOT NULL REFERENCES playlists (id) ON DELETE CASCADE,
    position integer NOT NULL CHECK (position >= 0),
    track_uri text NOT NULL,
    added_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (playlist_id, position) DEFERRABLE INITIALLY DEFERRED
);
COMMENT ON COLUMN playlist_entries.position IS 'Zero-based; moving a track renumbers the others in the same transaction.';
GRANT SELECT, INSERT, UPDATE, DELETE ON playlist_entries TO playlists_app;

CREATE TABLE seats (
    venue text NOT NULL,
    seat_row text NOT NULL,
    seat_number integer NOT NULL,
    holder uuid REFERENCES accounts (id),
    CONSTRAINT seats_pkey PRIMARY KEY (venue, seat_row, seat_number),
    CONSTRAINT seats_one_per_holder UNIQUE (venue, holder) DEFERRABLE INITIALLY DEFERRED
);
CREATE INDEX seats_holder_idx ON seats (holder);

CREATE TABLE seat_transfers (
    id bigserial PRIMARY KEY,
    venue text,
    seat_row text,
    seat_number integer,
    to_account uuid NOT NULL REFERENCES accounts (id),
    CONSTRAINT seat_transfers_seat FOREIGN KEY (venue, seat_row, seat_number)
        REFERENCES seats (venue, seat_row, seat_number) MATCH FULL ON DELETE CASCADE
);
COMMENT ON CONSTRAINT seat_transfers_seat ON seat_transfers IS 'A whole seat, or none (any free seat will do).';
CREATE INDEX seat_transfers_seat_idx ON seat_transfers (venue, seat_row, seat_number);
CREATE INDEX seat_transfers_to_account_idx ON seat_transfers (to_account);
CREATE UNIQUE INDEX seat_transfers_one_open ON seat_transfers (to_account, venue) NULLS NOT DISTINCT;
