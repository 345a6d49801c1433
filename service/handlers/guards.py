"""Checks shared by handlers that only an administrator may run."""
from workflows.permissions import PermissionDenied, UserRole


def require_administrator(actor, what: str) -> None:
    if actor.role is not UserRole.ADMINISTRATOR:
        raise PermissionDenied(f"only an administrator manages {what}, not a {actor.role.value}")
