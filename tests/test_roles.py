"""The Editors group and the commands that set up editors."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command

from claims.roles import EDITORS_GROUP, editor_permission_codenames, sync_editors_group

pytestmark = pytest.mark.django_db


def group_codenames() -> set[str]:
    group = Group.objects.get(name=EDITORS_GROUP)
    return set(group.permissions.values_list("codename", flat=True))


def test_editors_group_has_exactly_the_editor_permissions():
    sync_editors_group()
    codenames = group_codenames()
    assert codenames == editor_permission_codenames()
    assert {"add_review", "change_claim", "add_relation", "change_relation"} <= codenames
    # The record is kept: no deleting claims, reviews, relations or documents.
    assert not codenames & {"delete_claim", "delete_review", "delete_relation", "delete_document"}
    assert "change_review" not in codenames


def test_sync_is_idempotent_and_repairs_drift():
    group = sync_editors_group()
    group.permissions.remove(*group.permissions.filter(codename="add_review"))
    group.permissions.add(*group.permissions.model.objects.filter(codename="delete_claim"))
    call_command("setup_editors")
    call_command("setup_editors")
    assert Group.objects.filter(name=EDITORS_GROUP).count() == 1
    assert group_codenames() == editor_permission_codenames()


def test_create_editor_makes_a_staff_user_in_the_group(monkeypatch, capsys):
    monkeypatch.setenv("DJANGO_EDITOR_PASSWORD", "a sound passphrase 42")
    call_command("create_editor", "amira", email="amira@example.org", interactive=False)
    user = get_user_model().objects.get(username="amira")
    assert user.is_staff and user.is_active and not user.is_superuser
    assert user.check_password("a sound passphrase 42")
    assert user.has_perm("claims.add_review")
    assert not user.has_perm("claims.delete_claim")
    assert "Created editor 'amira'" in capsys.readouterr().out


def test_create_editor_promotes_an_existing_user_keeping_their_password(monkeypatch):
    user = get_user_model().objects.create_user("sam", password="original secret 77")
    monkeypatch.delenv("DJANGO_EDITOR_PASSWORD", raising=False)
    call_command("create_editor", "sam", interactive=False)
    user.refresh_from_db()
    assert user.is_staff
    assert user.check_password("original secret 77")
    assert user.groups.filter(name=EDITORS_GROUP).exists()


def test_create_editor_refuses_a_weak_or_missing_password(monkeypatch):
    monkeypatch.setenv("DJANGO_EDITOR_PASSWORD", "123")
    with pytest.raises(CommandError, match="Password refused"):
        call_command("create_editor", "weak", interactive=False)
    monkeypatch.delenv("DJANGO_EDITOR_PASSWORD")
    with pytest.raises(CommandError, match="needs a password"):
        call_command("create_editor", "nopass", interactive=False)
    assert not get_user_model().objects.exists()


def test_created_editor_can_log_in_to_the_admin(client, monkeypatch):
    monkeypatch.setenv("DJANGO_EDITOR_PASSWORD", "a sound passphrase 42")
    call_command("create_editor", "amira", interactive=False)
    response = client.post(
        "/admin/login/?next=/admin/claims/claim/",
        {"username": "amira", "password": "a sound passphrase 42", "next": "/admin/claims/claim/"},
        follow=True,
    )
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == "/admin/claims/claim/"
    assert "Select claim to change" in response.content.decode()
