import getpass
import os

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from claims.roles import sync_editors_group

PASSWORD_ENV = "DJANGO_EDITOR_PASSWORD"


class Command(BaseCommand):
    help = (
        "Create an editor account (staff, in the Editors group) that can log in to /admin/ "
        "and review claims. Prompts for the password, or reads it from "
        f"{PASSWORD_ENV} with --no-input. Run again to make an existing user an editor."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--no-input",
            action="store_false",
            dest="interactive",
            help=f"Do not prompt; take the password from {PASSWORD_ENV}.",
        )

    def handle(self, *args, username: str, email: str, interactive: bool, **options):
        User = get_user_model()
        user = User.objects.filter(username=username).first()
        password = self._password(interactive, new_user=user is None)
        if password is not None:
            try:
                validate_password(password, user or User(username=username, email=email))
            except ValidationError as exc:
                raise CommandError("Password refused: " + " ".join(exc.messages)) from None

        with transaction.atomic():
            group = sync_editors_group()
            created = user is None
            if created:
                user = User(username=username, email=email)
            user.is_staff = True
            user.is_active = True
            if password is not None:
                user.set_password(password)
            user.save()
            user.groups.add(group)
        verb = "Created" if created else "Updated"
        self.stdout.write(f"{verb} editor {username!r}; log in at /admin/.")

    def _password(self, interactive: bool, *, new_user: bool) -> str | None:
        from_env = os.environ.get(PASSWORD_ENV)
        if from_env:
            return from_env
        if not interactive:
            if new_user:
                raise CommandError(f"A new editor needs a password: set {PASSWORD_ENV}.")
            return None
        first = getpass.getpass("Password: ")
        if not first and not new_user:
            return None  # keep the existing password
        if first != getpass.getpass("Password (again): "):
            raise CommandError("The passwords do not match.")
        if not first:
            raise CommandError("A new editor needs a password.")
        return first
