from django.core.exceptions import PermissionDenied


def require(user, perm: str, obj=None) -> None:
    """Raise PermissionDenied unless `user` has `perm` (on `obj`, for object rules)."""
    if not user.has_perm(perm, obj):
        raise PermissionDenied
