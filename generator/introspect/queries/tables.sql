-- Tables and their columns, one row per column (a table without columns gives one row).
SELECT n.nspname AS schema, c.relname AS table, c.relrowsecurity AS rls_enabled,
       c.relforcerowsecurity AS rls_forced, td.description AS table_comment,
       a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type, NOT a.attnotnull AS nullable,
       pg_get_expr(ad.adbin, ad.adrelid) AS default, a.attidentity AS identity, a.attgenerated AS generated,
       CASE WHEN a.attcollation <> ty.typcollation THEN co.collname END AS collation,
       cd.description AS comment, seq.relname AS owned_sequence
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
LEFT JOIN pg_type ty ON ty.oid = a.atttypid
LEFT JOIN pg_collation co ON co.oid = a.attcollation
LEFT JOIN pg_attrdef ad ON ad.adrelid = c.oid AND ad.adnum = a.attnum
LEFT JOIN (SELECT dep.refobjid, dep.refobjsubid, s.relname FROM pg_depend dep
           JOIN pg_class s ON s.oid = dep.objid AND s.relkind = 'S'
           WHERE dep.classid = 'pg_class'::regclass AND dep.refclassid = 'pg_class'::regclass
             AND dep.deptype = 'a') AS seq ON seq.refobjid = c.oid AND seq.refobjsubid = a.attnum
                  AND seq.relname = c.relname || '_' || a.attname || '_seq'
LEFT JOIN pg_description td ON td.classoid = 'pg_class'::regclass AND td.objoid = c.oid AND td.objsubid = 0
LEFT JOIN pg_description cd ON cd.classoid = 'pg_class'::regclass AND cd.objoid = c.oid AND cd.objsubid = a.attnum
WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'pgspec'
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                  AND d.objid = c.oid AND d.deptype = 'e')
ORDER BY 1, 2, a.attnum
