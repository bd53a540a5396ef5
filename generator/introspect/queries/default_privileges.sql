-- pg_default_acl, one row per privilege (an entry whose ACL is empty gives one row with none):
-- for_role is NULL for the current user (the role that runs the migrations).
SELECT NULLIF(pg_get_userbyid(d.defaclrole), current_user) AS for_role, pg_get_userbyid(d.defaclrole) AS owner,
       n.nspname AS schema, d.defaclobjtype AS objtype,
       CASE WHEN acl.grantee = 0 THEN 'public' ELSE pg_get_userbyid(acl.grantee) END AS role,
       lower(acl.privilege_type) AS privilege
FROM pg_default_acl d
LEFT JOIN pg_namespace n ON n.oid = d.defaclnamespace
LEFT JOIN LATERAL aclexplode(d.defaclacl) AS acl ON true
ORDER BY 1, 3, 4, 5, 6
