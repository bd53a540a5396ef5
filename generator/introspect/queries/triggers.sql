-- User triggers (not the internal ones behind foreign keys).
SELECT n.nspname AS schema, c.relname AS table, t.tgname AS name, t.tgtype AS type,
       pn.nspname AS function_schema, p.proname AS function_name,
       ARRAY(SELECT a.attname FROM unnest(t.tgattr::int2[]) WITH ORDINALITY AS k(attnum, i)
             JOIN pg_attribute a ON a.attrelid = t.tgrelid AND a.attnum = k.attnum ORDER BY k.i) AS update_columns,
       pg_get_triggerdef(t.oid, true) AS definition, t.tgqual IS NOT NULL AS has_when,
       t.tgargs AS args, t.tgnargs AS nargs,
       obj_description(t.oid, 'pg_trigger') AS comment
FROM pg_trigger t
JOIN pg_class c ON c.oid = t.tgrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_proc p ON p.oid = t.tgfoid
JOIN pg_namespace pn ON pn.oid = p.pronamespace
WHERE NOT t.tgisinternal AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'pgspec'
ORDER BY 1, 2, 3
