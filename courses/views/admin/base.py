"""What every staff view of the courses plugin starts with."""

from django.core.exceptions import PermissionDenied

from ... import access


def require_permission(request, permission: str) -> None:
    if not request.user.has_perm(permission):
        raise PermissionDenied


def require_visible(request, model, pk: int, field: str = "user") -> None:
    """403 (not 404: the admin's 404 becomes a language redirect) for a record of a trainee
    the staff member may not see (`access.for_visible_users`)."""
    if not access.may_see_record(request.user, model, pk, field):
        raise PermissionDenied
