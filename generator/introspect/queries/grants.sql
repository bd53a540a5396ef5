-- Table privileges granted to roles other than the table's owner.
SELECT n.nspname AS schema, c.relname AS table,
       CASE WHEN acl.grantee = 0 THEN 'public' ELSE pg_get_userbyid(acl.grantee) END AS role,
       lower(acl.privilege_type) AS privilege
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
CROSS JOIN LATERAL aclexplode(c.relacl) AS acl
WHERE c.relkind IN ('r', 'p') AND acl.grantee <> c.relowner
  AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'pgspec'
ORDER BY 1, 2, 3, 4
