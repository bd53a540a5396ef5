-- Composite types of their own (CREATE TYPE ... AS), not the row types of tables and views,
-- with their attributes in order.
SELECT n.nspname AS schema, t.typname AS name,
       coalesce((SELECT json_agg(json_build_object('name', a.attname, 'type', format_type(a.atttypid, a.atttypmod),
                                                   'comment', col_description(c.oid, a.attnum))
                                 ORDER BY a.attnum)
                 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped), '[]')
         AS attributes,
       obj_description(t.oid, 'pg_type') AS comment
FROM pg_type t
JOIN pg_namespace n ON n.oid = t.typnamespace
JOIN pg_class c ON c.oid = t.typrelid AND c.relkind = 'c'
WHERE t.typtype = 'c' AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'pgspec'
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.deptype = 'e' AND (
                    (d.classid = 'pg_type'::regclass AND d.objid = t.oid)
                    OR (d.classid = 'pg_class'::regclass AND d.objid = c.oid)))
ORDER BY 1, 2
