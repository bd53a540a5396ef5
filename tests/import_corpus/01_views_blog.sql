-- A small blog: authors write posts, readers comment; the public site reads views only.
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'blog_reader') THEN CREATE ROLE blog_reader; END IF;
END $$;

CREATE TABLE authors (
    id serial PRIMARY KEY,
    handle varchar(40) NOT NULL UNIQUE,
    display_name text NOT NULL,
    joined_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE authors IS 'People who write posts.';

CREATE TABLE posts (
    id bigserial PRIMARY KEY,
    author_id integer NOT NULL REFERENCES authors (id) ON DELETE CASCADE,
    title text NOT NULL,
    body text NOT NULL,
    published_at timestamptz
);
CREATE INDEX posts_author_id_idx ON posts (author_id);

CREATE TABLE comments (
    id bigserial PRIMARY KEY,
    post_id bigint NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    body text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX comments_post_id_idx ON comments (post_id);

CREATE VIEW published_posts WITH (security_barrier = true) AS
SELECT p.id, p.title, a.handle AS author, p.published_at
FROM posts p JOIN authors a ON a.id = p.author_id
WHERE p.published_at IS NOT NULL;
COMMENT ON VIEW published_posts IS 'What the public site lists.';
COMMENT ON COLUMN published_posts.author IS 'The handle of the author.';
GRANT SELECT ON published_posts TO blog_reader;

CREATE VIEW recent_comments AS
SELECT c.id, c.post_id, pp.title, c.body, c.created_at
FROM comments c JOIN published_posts pp ON pp.id = c.post_id
WHERE c.created_at > now() - interval '30 days';
GRANT SELECT ON recent_comments TO blog_reader;

CREATE MATERIALIZED VIEW author_stats AS
SELECT a.id AS author_id, count(p.id) AS posts, max(p.published_at) AS last_published
FROM authors a LEFT JOIN posts p ON p.author_id = a.id
GROUP BY a.id;
COMMENT ON MATERIALIZED VIEW author_stats IS 'Refreshed every hour by a job.';
CREATE UNIQUE INDEX author_stats_author_id_idx ON author_stats (author_id);
CREATE INDEX author_stats_posts_idx ON author_stats (posts DESC);
GRANT SELECT ON author_stats TO blog_reader;
