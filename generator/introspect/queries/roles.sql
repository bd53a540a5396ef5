-- The roles asked about (those the spec declares) plus those that policies or grants name.
SELECT r.rolname AS name, r.rolcanlogin AS login, shobj_description(r.oid, 'pg_authid') AS comment
FROM pg_roles r
WHERE r.rolname = ANY(%(roles)s)
   OR r.oid IN (SELECT unnest(p.polroles) FROM pg_policy p)
   OR r.oid IN (SELECT acl.grantee FROM pg_class c CROSS JOIN LATERAL aclexplode(c.relacl) AS acl
                JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE acl.grantee <> c.relowner AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\_%%' AND n.nspname <> 'pgspec'
                  AND c.relkind IN ('r', 'p', 'v', 'm'))
ORDER BY 1
