-- Indexes that do not back a constraint, each key as Postgres prints it.
SELECT n.nspname AS schema, t.relname AS table, i.relname AS name, am.amname AS method,
       x.indisunique AS is_unique, x.indnullsnotdistinct AS nulls_not_distinct, x.indnkeyatts AS key_count,
       ARRAY(SELECT pg_get_indexdef(x.indexrelid, k.i::int, true)
             FROM generate_series(1, x.indnatts) AS k(i) ORDER BY k.i) AS keys,
       ARRAY(SELECT k.attnum <> 0 FROM unnest(x.indkey::int2[]) WITH ORDINALITY AS k(attnum, i) ORDER BY k.i) AS is_column,
       ARRAY(SELECT k.opt FROM unnest(x.indoption::int2[]) WITH ORDINALITY AS k(opt, i) ORDER BY k.i) AS options,
       ARRAY(SELECT CASE WHEN opc.opcdefault THEN NULL ELSE opc.opcname END
             FROM unnest(x.indclass::oid[]) WITH ORDINALITY AS k(opc, i)
             JOIN pg_opclass opc ON opc.oid = k.opc ORDER BY k.i) AS opclasses,
       pg_get_expr(x.indpred, x.indrelid) AS predicate,
       COALESCE(i.reloptions, ARRAY[]::text[]) AS options_with,
       d.description AS comment
FROM pg_index x
JOIN pg_class i ON i.oid = x.indexrelid
JOIN pg_class t ON t.oid = x.indrelid
JOIN pg_namespace n ON n.oid = t.relnamespace
JOIN pg_am am ON am.oid = i.relam
LEFT JOIN pg_description d ON d.classoid = 'pg_class'::regclass AND d.objoid = i.oid AND d.objsubid = 0
WHERE t.relkind IN ('r', 'p', 'm') AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'pgspec'
  AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = x.indexrelid
                  AND con.conrelid = x.indrelid AND con.contype IN ('p', 'u', 'x'))
ORDER BY 1, 2, 3
