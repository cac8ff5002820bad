from django.core.management.base import BaseCommand

from claims.roles import EDITORS_GROUP, sync_editors_group


class Command(BaseCommand):
    help = "Create the Editors group, or reset its permissions to what an editor needs."

    def handle(self, *args, **options):
        group = sync_editors_group()
        self.stdout.write(f"{EDITORS_GROUP}: {group.permissions.count()} permissions")
