"""The Editors group: exactly the permissions an editor of the tracker needs.

Editors review claims (a review is appended, never edited), correct what the
importer made (claims, figures, events, places, sources), and link claims or
decide on the importer's suggested links. They do not delete claims, reviews,
relations or documents — a rejected relation and a "false" status keep the
record — and they do not manage users.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

EDITORS_GROUP = "Editors"

# (model, actions) in the claims app.
EDITOR_PERMISSIONS: dict[str, tuple[str, ...]] = {
    "claim": ("view", "add", "change"),
    "figure": ("view", "add", "change", "delete"),
    "relation": ("view", "add", "change"),
    "review": ("view", "add"),
    "event": ("view", "add", "change"),
    "place": ("view", "add", "change"),
    "source": ("view", "add", "change"),
    "party": ("view",),
    "document": ("view",),
}


def editor_permission_codenames() -> set[str]:
    return {
        f"{action}_{model}" for model, actions in EDITOR_PERMISSIONS.items() for action in actions
    }


@transaction.atomic
def sync_editors_group() -> Group:
    """Create the Editors group or reset its permissions to exactly the list above."""
    group, _ = Group.objects.get_or_create(name=EDITORS_GROUP)
    wanted = editor_permission_codenames()
    permissions = list(
        Permission.objects.filter(content_type__app_label="claims", codename__in=wanted)
    )
    missing = wanted - {permission.codename for permission in permissions}
    if missing:
        # Permissions are created after migrate; running before it is a set-up error.
        raise RuntimeError(f"Permissions missing (run migrate first): {', '.join(sorted(missing))}")
    group.permissions.set(permissions)
    return group
