-- Exclusion constraints: their index's keys as Postgres prints them (as in indexes.sql), and each
-- key's operator (schema-qualified unless pg_catalog's or public's).
SELECT n.nspname AS schema, t.relname AS table, con.conname AS name, am.amname AS method,
       x.indnkeyatts AS key_count,
       ARRAY(SELECT pg_get_indexdef(x.indexrelid, k.i::int, true)
             FROM generate_series(1, x.indnatts) AS k(i) ORDER BY k.i) AS keys,
       ARRAY(SELECT k.attnum <> 0 FROM unnest(x.indkey::int2[]) WITH ORDINALITY AS k(attnum, i) ORDER BY k.i) AS is_column,
       ARRAY(SELECT k.opt FROM unnest(x.indoption::int2[]) WITH ORDINALITY AS k(opt, i) ORDER BY k.i) AS options,
       ARRAY(SELECT CASE WHEN opc.opcdefault THEN NULL ELSE opc.opcname END
             FROM unnest(x.indclass::oid[]) WITH ORDINALITY AS k(opc, i)
             JOIN pg_opclass opc ON opc.oid = k.opc ORDER BY k.i) AS opclasses,
       ARRAY(SELECT CASE WHEN opn.nspname IN ('pg_catalog', 'public') THEN o.oprname
                         ELSE 'OPERATOR(' || quote_ident(opn.nspname) || '.' || o.oprname || ')' END
             FROM unnest(con.conexclop) WITH ORDINALITY AS k(op, i)
             JOIN pg_operator o ON o.oid = k.op JOIN pg_namespace opn ON opn.oid = o.oprnamespace
             ORDER BY k.i) AS operators,
       pg_get_expr(x.indpred, x.indrelid) AS predicate,
       con.condeferrable AS deferrable, con.condeferred AS deferred,
       d.description AS comment
FROM pg_constraint con
JOIN pg_index x ON x.indexrelid = con.conindid
JOIN pg_class i ON i.oid = x.indexrelid
JOIN pg_class t ON t.oid = con.conrelid
JOIN pg_namespace n ON n.oid = t.relnamespace
JOIN pg_am am ON am.oid = i.relam
LEFT JOIN pg_description d ON d.classoid = 'pg_constraint'::regclass AND d.objoid = con.oid AND d.objsubid = 0
WHERE con.contype = 'x' AND t.relkind IN ('r', 'p')
  AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'pgspec'
ORDER BY 1, 2, 3
