-- Domains with their base type, NOT NULL, default, collation (when not the base type's) and
-- CHECK constraints (name, definition, comment; sorted by name).
SELECT n.nspname AS schema, t.typname AS name, format_type(t.typbasetype, t.typtypmod) AS type,
       NOT t.typnotnull AS nullable, t.typdefault AS default,
       CASE WHEN t.typcollation <> 0 AND t.typcollation <> b.typcollation THEN co.collname END AS collation,
       coalesce((SELECT json_agg(json_build_object('name', c.conname, 'definition', pg_get_constraintdef(c.oid),
                                                   'comment', obj_description(c.oid, 'pg_constraint'))
                                 ORDER BY c.conname)
                 FROM pg_constraint c WHERE c.contypid = t.oid AND c.contype = 'c'), '[]') AS checks,
       obj_description(t.oid, 'pg_type') AS comment
FROM pg_type t
JOIN pg_namespace n ON n.oid = t.typnamespace
JOIN pg_type b ON b.oid = t.typbasetype
LEFT JOIN pg_collation co ON co.oid = t.typcollation
WHERE t.typtype = 'd' AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'pgspec'
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_type'::regclass
                  AND d.objid = t.oid AND d.deptype = 'e')
ORDER BY 1, 2
