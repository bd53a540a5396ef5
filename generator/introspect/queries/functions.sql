-- Plain functions (not aggregates or procedures), with argument names, modes and types, and the
-- roles other than the owner that may execute them ('public' while Postgres's default grant stands).
SELECT n.nspname AS schema, p.proname AS name, l.lanname AS language, p.prosrc AS body,
       p.provolatile AS volatility, p.prosecdef AS security_definer, p.proconfig AS config,
       p.proisstrict AS strict, p.proleakproof AS leakproof, p.proparallel AS parallel,
       pg_get_expr(p.proargdefaults, 0, true) AS arg_defaults,
       p.procost::text::float8 AS cost, p.prorows::text::float8 AS rows,  -- real, read as its shortest text
       pg_get_function_result(p.oid) AS returns,
       COALESCE(p.proargnames, ARRAY[]::text[]) AS arg_names,
       COALESCE(p.proargmodes::text[], ARRAY[]::text[]) AS arg_modes,
       ARRAY(SELECT format_type(t.oid, NULL)
             FROM unnest(COALESCE(p.proallargtypes, p.proargtypes::oid[])) WITH ORDINALITY AS t(oid, i)
             ORDER BY t.i) AS arg_types,
       obj_description(p.oid, 'pg_proc') AS comment,
       ARRAY(SELECT DISTINCT CASE WHEN acl.grantee = 0 THEN 'public' ELSE pg_get_userbyid(acl.grantee) END
             FROM aclexplode(COALESCE(p.proacl, acldefault('f', p.proowner))) AS acl
             WHERE acl.grantee <> p.proowner AND acl.privilege_type = 'EXECUTE' ORDER BY 1) AS grants
FROM pg_proc p
JOIN pg_namespace n ON n.oid = p.pronamespace
JOIN pg_language l ON l.oid = p.prolang
WHERE p.prokind = 'f' AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'pgspec'
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass
                  AND d.objid = p.oid AND d.deptype = 'e')
ORDER BY 1, 2, p.oid
