-- Check, index predicate, generated column and policy expressions as Postgres pretty-prints them (pg_get_expr(...,
-- true): fewer parentheses), for import to write; drift compares the plain form the other
-- queries read. (Defaults differ at most by outer parentheses, which import's tidying drops.)
SELECT 'check' AS kind, n.nspname AS schema, c.relname AS table, con.conname AS name,
       pg_get_expr(con.conbin, con.conrelid, true) AS text
FROM pg_constraint con
JOIN pg_class c ON c.oid = con.conrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE con.contype = 'c' AND c.relkind IN ('r', 'p')
  AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'pgspec'
UNION ALL
SELECT 'where', n.nspname, t.relname, i.relname, pg_get_expr(x.indpred, x.indrelid, true)
FROM pg_index x
JOIN pg_class i ON i.oid = x.indexrelid
JOIN pg_class t ON t.oid = x.indrelid
JOIN pg_namespace n ON n.oid = t.relnamespace
WHERE x.indpred IS NOT NULL AND t.relkind IN ('r', 'p')
  AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'pgspec'
UNION ALL
SELECT 'generated', n.nspname, c.relname, a.attname, pg_get_expr(ad.adbin, ad.adrelid, true)
FROM pg_attrdef ad
JOIN pg_attribute a ON a.attrelid = ad.adrelid AND a.attnum = ad.adnum
JOIN pg_class c ON c.oid = ad.adrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE a.attgenerated = 's' AND c.relkind IN ('r', 'p')
  AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'pgspec'
UNION ALL
SELECT kind, n.nspname, c.relname, p.polname, pg_get_expr(e.expr, p.polrelid, true)
FROM pg_policy p
JOIN pg_class c ON c.oid = p.polrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
CROSS JOIN LATERAL (VALUES ('using', p.polqual), ('with_check', p.polwithcheck)) AS e(kind, expr)
WHERE e.expr IS NOT NULL
UNION ALL
SELECT 'domain_check', n.nspname, t.typname, con.conname, pg_get_constraintdef(con.oid, true)
FROM pg_constraint con
JOIN pg_type t ON t.oid = con.contypid
JOIN pg_namespace n ON n.oid = t.typnamespace
WHERE con.contype = 'c'
  AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'pgspec'
ORDER BY 1, 2, 3, 4
