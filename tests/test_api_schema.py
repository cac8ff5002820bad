"""The OpenAPI schema tells the truth about the API.

Schemathesis reads `/api/schema/`, generates requests for every operation —
valid ones and, for the parameters, invalid ones — and sends them to the
tracker in process (its WSGI integration: no server, no network). Every
response must be a documented status with a body matching the documented
shape, and none may be a server error. Runs once as an anonymous reader and
once as an editor with a token, so the writes are exercised too.

Deterministic (`derandomize`): the same examples on every run, so a failure
here reproduces.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core import signals
from django.core.cache import cache
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from claims.models import RelationKind, RelationOrigin
from claims.services import relate_claims, review_claim
from tests.factories import (
    make_claim,
    make_document,
    make_editor,
    make_event,
    make_figure,
    make_party,
    make_place,
    make_source,
)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@pytest.fixture
def tracker_with_data(db, settings):
    """A little of everything, so generated ids and slugs sometimes exist."""
    settings.API_ANON_RATE = "1000000/minute"
    settings.API_USER_RATE = "1000000/minute"
    settings.API_FAILED_AUTH_RATE = "1000000/minute"
    cache.clear()
    party = make_party(slug="sdf")
    source = make_source(slug="sohr")
    other = make_source(slug="sdf-press", party=party)
    document = make_document(slug="campaign")
    place = make_place(slug="hajin")
    event = make_event(document=document, places=[place], parties=[party])
    first = make_claim(source=source, event=event, document=document, char_start=0, char_end=10)
    second = make_claim(source=other, event=event, document=document)
    make_figure(first, low=23, high=23)
    make_figure(second, low=None, high=None, as_written="dozens")
    relate_claims(
        from_claim=second, to_claim=first, kind=RelationKind.DENIES, origin=RelationOrigin.IMPORTER
    )
    editor = make_editor("schema-editor")
    review_claim(claim=first, status="disputed", reviewer=editor, rationale="Denied.")
    yield editor
    cache.clear()


def _operation_labels() -> list[str]:
    """ "GET /api/claims/", …: read from drf-spectacular directly at collection
    time (no request, no database), one test per operation."""
    from drf_spectacular.generators import SchemaGenerator

    paths = SchemaGenerator().get_schema(request=None, public=True)["paths"]
    return [f"{method.upper()} {path}" for path, methods in paths.items() for method in methods]


@pytest.fixture
def api_schema(tracker_with_data):
    """The schema, served by the tracker's own WSGI application.

    Like Django's test client, keep the request cycle from closing the database
    connection: the test's data lives in a transaction on it."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def _run(operation, mode: GenerationMode, headers: dict[str, str]) -> None:
    @given(case=operation.as_strategy(generation_mode=mode))
    @hypothesis_settings(
        max_examples=15,
        derandomize=True,  # the same examples every run: a failure reproduces
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def requests_match_the_schema(case):
        case.call_and_validate(checks=CHECKS, headers=headers)

    requests_match_the_schema()


@pytest.mark.parametrize("label", _operation_labels())
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_anonymous_requests_match_the_schema(api_schema, label, mode):
    _run(api_schema.find_operation_by_label(label), mode, headers={})


@pytest.mark.parametrize("label", _operation_labels())
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_editor_requests_match_the_schema(api_schema, tracker_with_data, label, mode):
    token, _ = Token.objects.get_or_create(user=tracker_with_data)
    _run(
        api_schema.find_operation_by_label(label),
        mode,
        headers={"Authorization": f"Token {token.key}"},
    )
