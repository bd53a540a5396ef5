-- The roles asked about (those the spec declares) plus those that policies, grants (on tables,
-- sequences and schemas) and default privileges name.
SELECT r.rolname AS name, r.rolcanlogin AS login, shobj_description(r.oid, 'pg_authid') AS comment
FROM pg_roles r
WHERE r.rolname = ANY(%(roles)s)
   OR r.oid IN (SELECT unnest(p.polroles) FROM pg_policy p)
   OR r.oid IN (SELECT acl.grantee FROM pg_class c CROSS JOIN LATERAL aclexplode(c.relacl) AS acl
                JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE acl.grantee <> c.relowner AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\_%%' AND n.nspname <> 'pgspec'
                  AND c.relkind IN ('r', 'p', 'S'))
   OR r.oid IN (SELECT acl.grantee FROM pg_namespace n CROSS JOIN LATERAL aclexplode(n.nspacl) AS acl
                WHERE acl.grantee <> n.nspowner AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\_%%'
                  AND n.nspname <> 'pgspec')
   OR r.oid IN (SELECT acl.grantee FROM pg_default_acl d CROSS JOIN LATERAL aclexplode(d.defaclacl) AS acl
                WHERE acl.grantee <> d.defaclrole)
   OR (r.oid IN (SELECT d.defaclrole FROM pg_default_acl d) AND r.rolname <> current_user)
ORDER BY 1
