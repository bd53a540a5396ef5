-- What the spec format cannot express yet, one row per object: (code, kind, schema, name).
-- System schemas, pgspec's own schema and extension members are never listed.
-- W400: objects of a kind the format has no place for.
WITH user_ns AS (
  SELECT n.oid, n.nspname FROM pg_namespace n
  WHERE n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'pgspec'
), ext AS (
  SELECT classid, objid FROM pg_depend WHERE deptype = 'e'
)
SELECT 'W400' AS code,
       CASE c.relkind WHEN 'f' THEN 'foreign table'
                      ELSE 'table' END
         || CASE WHEN c.relkind = 'r' AND EXISTS (
              SELECT 1 FROM pg_inherits i WHERE i.inhrelid = c.oid) THEN ' (inherits)' ELSE '' END AS kind,
       n.nspname AS schema, c.relname AS name
FROM pg_class c JOIN user_ns n ON n.oid = c.relnamespace
WHERE (c.relkind = 'f'
       OR (c.relkind = 'r' AND NOT c.relispartition AND EXISTS (SELECT 1 FROM pg_inherits i WHERE i.inhrelid = c.oid)))
  AND NOT EXISTS (SELECT 1 FROM ext WHERE ext.classid = 'pg_class'::regclass AND ext.objid = c.oid)
UNION ALL
SELECT 'W400', CASE t.typtype WHEN 'r' THEN 'range type' ELSE 'base type' END,
       n.nspname, t.typname
FROM pg_type t JOIN user_ns n ON n.oid = t.typnamespace
WHERE (t.typtype = 'r' OR (t.typtype = 'b' AND t.typcategory <> 'A'))
  AND NOT EXISTS (SELECT 1 FROM ext WHERE ext.classid = 'pg_type'::regclass AND ext.objid = t.oid)
UNION ALL
SELECT 'W400', CASE p.prokind WHEN 'p' THEN 'procedure' WHEN 'a' THEN 'aggregate' ELSE 'window function' END,
       n.nspname, p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')'
FROM pg_proc p JOIN user_ns n ON n.oid = p.pronamespace
WHERE p.prokind <> 'f'
  AND NOT EXISTS (SELECT 1 FROM ext WHERE ext.classid = 'pg_proc'::regclass AND ext.objid = p.oid)
UNION ALL
SELECT 'W400', 'constraint trigger', n.nspname, c.relname || '.' || t.tgname
FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN user_ns n ON n.oid = c.relnamespace
WHERE NOT t.tgisinternal AND t.tgconstraint <> 0
UNION ALL
SELECT 'W400', 'rule', n.nspname, c.relname || '.' || r.rulename
FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class JOIN user_ns n ON n.oid = c.relnamespace
WHERE r.rulename <> '_RETURN'
UNION ALL
SELECT 'W400', 'event trigger', NULL, e.evtname
FROM pg_event_trigger e
WHERE NOT EXISTS (SELECT 1 FROM ext WHERE ext.classid = 'pg_event_trigger'::regclass AND ext.objid = e.oid)
UNION ALL
SELECT 'W400', 'collation', n.nspname, co.collname
FROM pg_collation co JOIN user_ns n ON n.oid = co.collnamespace
WHERE NOT EXISTS (SELECT 1 FROM ext WHERE ext.classid = 'pg_collation'::regclass AND ext.objid = co.oid)
UNION ALL
-- W401: a property of an object the format has, that it cannot express.
SELECT 'W401', 'NOT VALID constraint', n.nspname, c.relname || '.' || con.conname
FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid JOIN user_ns n ON n.oid = c.relnamespace
WHERE NOT con.convalidated
UNION ALL
SELECT 'W401', CASE WHEN c.relpersistence = 'u' THEN 'unlogged table' ELSE 'table storage parameters' END,
       n.nspname, c.relname
FROM pg_class c JOIN user_ns n ON n.oid = c.relnamespace
WHERE c.relkind = 'r' AND (c.relpersistence = 'u' OR c.reloptions IS NOT NULL)
  AND NOT EXISTS (SELECT 1 FROM ext WHERE ext.classid = 'pg_class'::regclass AND ext.objid = c.oid)
UNION ALL
SELECT 'W401', 'function settings other than search_path', n.nspname, p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')'
FROM pg_proc p JOIN user_ns n ON n.oid = p.pronamespace
WHERE p.prokind = 'f' AND EXISTS (SELECT 1 FROM unnest(p.proconfig) AS s(setting) WHERE s.setting NOT LIKE 'search\_path=%')
  AND NOT EXISTS (SELECT 1 FROM ext WHERE ext.classid = 'pg_proc'::regclass AND ext.objid = p.oid)
UNION ALL
SELECT 'W401', CASE WHEN t.tgenabled <> 'O' THEN 'disabled (or replica) trigger' ELSE 'trigger with REFERENCING' END,
       n.nspname, c.relname || '.' || t.tgname
FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN user_ns n ON n.oid = c.relnamespace
WHERE NOT t.tgisinternal AND (t.tgenabled <> 'O' OR t.tgoldtable IS NOT NULL OR t.tgnewtable IS NOT NULL)
UNION ALL
-- A partition holds only what its parent gives it: anything of its own is named.
SELECT 'W401', w.what, n.nspname, c.relname
FROM pg_class c JOIN user_ns n ON n.oid = c.relnamespace
JOIN pg_inherits ih ON ih.inhrelid = c.oid JOIN pg_class parent ON parent.oid = ih.inhparent
CROSS JOIN LATERAL (VALUES
  ('partition in another schema than its parent', parent.relnamespace <> c.relnamespace),
  ('row level security on a partition', c.relrowsecurity OR EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = c.oid)),
  ('grant on a partition', EXISTS (SELECT 1 FROM aclexplode(c.relacl) AS acl WHERE acl.grantee <> c.relowner)),
  ('own index on a partition', EXISTS (SELECT 1 FROM pg_index x WHERE x.indrelid = c.oid AND NOT EXISTS (
     SELECT 1 FROM pg_inherits ix WHERE ix.inhrelid = x.indexrelid))),
  ('own constraint on a partition', EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conrelid = c.oid
     AND con.conparentid = 0 AND con.conislocal)),
  ('own trigger on a partition', EXISTS (SELECT 1 FROM pg_trigger t WHERE t.tgrelid = c.oid
     AND NOT t.tgisinternal AND t.tgparentid = 0)),
  ('own NOT NULL or default on a partition', EXISTS (
     SELECT 1 FROM pg_attribute a JOIN pg_attribute pa ON pa.attrelid = parent.oid AND pa.attname = a.attname
     LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
     LEFT JOIN pg_attrdef pd ON pd.adrelid = parent.oid AND pd.adnum = pa.attnum
     WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND (a.attnotnull <> pa.attnotnull
       OR pg_get_expr(d.adbin, d.adrelid) IS DISTINCT FROM pg_get_expr(pd.adbin, pd.adrelid))))) AS w(what, found)
WHERE c.relispartition AND w.found
UNION ALL
-- W402: privileges the format has no place for (it keeps grants on tables, sequences, functions and
-- schemas, and default privileges).
-- A serial or identity column's sequence is implied by its column, not declared: grants on it
-- are not kept, except USAGE on a serial column's sequence for a role that may INSERT into the
-- table, which generate grants with the table's INSERT.
SELECT 'W402', 'grant on sequence', n.nspname, c.relname
FROM pg_class c JOIN user_ns n ON n.oid = c.relnamespace
WHERE c.relkind = 'S' AND EXISTS (
  SELECT 1 FROM pg_depend d JOIN pg_class t ON t.oid = d.refobjid
  JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
  LEFT JOIN pg_attrdef ad ON ad.adrelid = t.oid AND ad.adnum = a.attnum
  WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
    AND (d.deptype = 'i' OR (d.deptype = 'a' AND c.relname = t.relname || '_' || a.attname || '_seq'
                             AND pg_get_expr(ad.adbin, ad.adrelid) LIKE 'nextval(%')))
AND EXISTS (
  SELECT 1 FROM aclexplode(c.relacl) AS acl
  WHERE acl.grantee <> c.relowner AND NOT (acl.privilege_type = 'USAGE' AND EXISTS (
    SELECT 1 FROM pg_depend d JOIN pg_class t ON t.oid = d.refobjid
    CROSS JOIN LATERAL aclexplode(t.relacl) AS tacl
    WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'a'
      AND tacl.grantee = acl.grantee AND tacl.privilege_type = 'INSERT')))
UNION ALL
SELECT DISTINCT 'W402', 'column grant', n.nspname, c.relname || '.' || a.attname
FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN user_ns n ON n.oid = c.relnamespace
WHERE a.attacl IS NOT NULL AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY 1, 2, 3, 4
