"""Who may do what through the API: anyone reads; a write needs a signed-in
user holding the Django model permissions its action declares."""

from __future__ import annotations

from rest_framework.permissions import SAFE_METHODS, BasePermission


class ModelPermissionsOrReadOnly(BasePermission):
    """Each view lists what its writing actions need, e.g.
    `write_permissions = {"partial_update": ("claims.change_claim",)}`; a write
    action it does not list is refused to everyone."""

    message = "You do not have permission to change this."

    def has_permission(self, request, view) -> bool:
        if request.method in SAFE_METHODS:
            return True
        user = request.user
        if not (user and user.is_authenticated):
            # False with no user makes DRF answer 401 with WWW-Authenticate.
            return False
        if getattr(view, "action", "") is None:
            # A method this endpoint does not route (PUT on a claim): let DRF
            # answer 405 rather than make it look like a permission problem.
            return True
        needed = getattr(view, "write_permissions", {}).get(view.action)
        return needed is not None and user.has_perms(needed)
