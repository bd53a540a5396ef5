"""SQL of schema grants and default privileges: GRANT/REVOKE of the difference between two sets
of privileges (a missing object stands for Postgres's default, ``generator.model.privileges``)."""

from __future__ import annotations

from generator.emit.quoting import ident, role
from generator.model import objects as m
from generator.model.privileges import baseline


def _target(obj: m.SchemaGrant | m.DefaultPrivilege) -> tuple[str, str]:
    """(statement head, object clause) for GRANT and REVOKE."""
    if isinstance(obj, m.SchemaGrant):
        return "", f"ON SCHEMA {ident(obj.schema)}"
    head = "ALTER DEFAULT PRIVILEGES"
    if obj.for_role is not None:
        head += f" FOR ROLE {ident(obj.for_role)}"
    if obj.schema is not None:
        head += f" IN SCHEMA {ident(obj.schema)}"
    return head + " ", f"ON {obj.on.upper()}"


def change(obj: m.SchemaGrant | m.DefaultPrivilege, had: tuple[str, ...], has: tuple[str, ...]) -> list[str]:
    head, on = _target(obj)
    grant, revoke = sorted(set(has) - set(had)), sorted(set(had) - set(has))
    grantee = role(obj.role)
    out = [f"{head}GRANT {', '.join(p.upper() for p in grant)} {on} TO {grantee}"] if grant else []
    return out + ([f"{head}REVOKE {', '.join(p.upper() for p in revoke)} {on} FROM {grantee}"] if revoke else [])


def create(obj, _table) -> list[str]:
    return change(obj, baseline(obj), obj.privileges)


def drop(obj, _table) -> list[str]:
    return change(obj, obj.privileges, baseline(obj))


def alter(a, b, _table) -> list[str]:
    return change(b, a.privileges, b.privileges)
