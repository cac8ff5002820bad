"""The API's JSON renderer (claims.api.renderers) writes exactly the bytes DRF's
JSONRenderer writes: for a wide set of payloads, and for the data of real API
responses, rendered both ways."""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from collections import OrderedDict
from enum import Enum

import pytest
from django.core.cache import caches
from django.test import Client
from django.utils.translation import gettext_lazy
from rest_framework.renderers import JSONRenderer
from rest_framework.utils.serializer_helpers import ReturnDict, ReturnList

from claims.api import renderers
from claims.api.renderers import FastJSONRenderer
from claims.models import ClaimKind, ClaimStatus, Quantity, RelationKind
from tests.factories import (
    make_claim,
    make_document,
    make_event,
    make_figure,
    make_place,
    make_relation,
    make_review,
    make_source,
    make_user,
)

TEXT = 'Ḥajīn «قتلى» 😀 "quoted" \\ back\tslash\n\x00\x1f\x7f \u2028line\u2029para é'


class Colour(Enum):
    RED = 1


def _reordered() -> OrderedDict:
    ordered = OrderedDict(a=1, b=2, c=3)
    ordered.move_to_end("a")
    return ordered


PAYLOADS = {
    "unicode": {"text": TEXT, TEXT: [TEXT]},
    "separators only": ["\u2028\u2029"],
    # Bytes A8 and A9 end both separators' UTF-8, and these letters' too.
    "no separators": ["è © é ب", "—"],
    "nested": {"a": [1, [2, [3, {"b": {"c": []}}]], {}], "d": {"e": None}},
    "scalars": [None, True, False, 0, -1, 2**63 - 1, -(2**63), 2**64 - 1],
    "beyond 64 bits": [2**64, -(2**63) - 1, 10**30],
    "floats": [0.0, -0.0, 0.1, 1.5, 1e-05, 2.5e-07, 1e16, 1e22, 123456789.0, 5e-324],
    "nan": [float("nan")],
    "infinity": {"x": float("inf")},
    "decimals": [decimal.Decimal("1.10"), decimal.Decimal("36.2021")],
    "decimal nan": [decimal.Decimal("NaN")],
    "datetimes": [
        dt.datetime(2018, 12, 3, 14, 5, 6),
        dt.datetime(2018, 12, 3, 14, 5, 6, 123456),
        dt.datetime(2018, 12, 3, 14, 5, 6, 123456, tzinfo=dt.UTC),
        dt.datetime(2018, 12, 3, 14, 5, 6, tzinfo=dt.UTC),
        dt.datetime(2018, 12, 3, 14, 5, 6, 7, tzinfo=dt.timezone(dt.timedelta(hours=3))),
    ],
    "dates and times": [dt.date(2018, 12, 3), dt.time(14, 5), dt.time(14, 5, 6, 999)],
    "timedelta": [dt.timedelta(hours=1, microseconds=5)],
    "uuid": {"id": uuid.UUID("12345678-1234-5678-1234-567812345678")},
    "lazy strings": {"detail": gettext_lazy("Not found."), "errors": [gettext_lazy("Invalid")]},
    "empty": [[], {}, ""],
    "empty list": [],
    "empty dict": {},
    "tuples": (1, ("a", None)),
    "non-str keys": {1: "a", None: "b", False: "c", 2.5: "d"},
    "enum": [Colour.RED, ClaimStatus.DISPUTED],
    "ordered": OrderedDict([("z", 1), ("a", OrderedDict([("y", [TEXT])]))]),
    "reordered": {"ordered": _reordered()},
    "return dict": ReturnDict({"id": 1, "text": TEXT}, serializer=None),
    "return list": ReturnList([ReturnDict({"id": 1}, serializer=None)], serializer=None),
    "bytes": {"blob": b"abc"},
    "top-level string": TEXT,
    "top-level int": 7,
}


def _render_both(data, media_type=None, context=None) -> tuple[bytes, bytes]:
    ours = FastJSONRenderer().render(data, media_type, context)
    drf = JSONRenderer().render(data, media_type, context)
    return ours, drf


def _outcome(renderer, data) -> bytes | tuple[type, str]:
    """The bytes rendered, or the error raised, for what strict JSON refuses."""
    try:
        return renderer.render(data)
    except (ValueError, TypeError) as error:
        return type(error), str(error)


@pytest.mark.parametrize("name", PAYLOADS)
def test_payloads_render_as_drf_does(name):
    assert _outcome(FastJSONRenderer(), PAYLOADS[name]) == _outcome(JSONRenderer(), PAYLOADS[name])


def test_common_payloads_take_orjson(monkeypatch):
    """The payloads the API makes are not merely handed back to DRF."""

    def refuse(*args, **kwargs):
        raise AssertionError("fell back to DRF's renderer")

    monkeypatch.setattr(JSONRenderer, "render", refuse)
    for name in ("unicode", "nested", "scalars", "datetimes", "uuid", "lazy strings", "ordered"):
        FastJSONRenderer().render(PAYLOADS[name])


def test_none_is_an_empty_body():
    assert FastJSONRenderer().render(None) == b""


def test_indent_from_the_accept_header():
    data = {"a": [1, {"b": TEXT}]}
    ours, drf = _render_both(data, "application/json; indent=4")
    assert ours == drf
    assert b"\n    " in ours
    assert _render_both(data, "application/json", {"indent": 2})[0] == (
        JSONRenderer().render(data, "application/json", {"indent": 2})
    )


def test_what_drf_refuses_is_refused():
    for data in ([float("nan")], [dt.time(1, tzinfo=dt.UTC)], [object()]):
        with pytest.raises((ValueError, TypeError)):
            FastJSONRenderer().render(data)


# Real responses: every body the API renders, rendered again by DRF's renderer.


@pytest.fixture
def rendered(monkeypatch, settings):
    """Every render of the API's JSON during the test, checked against DRF's."""
    settings.API_ANON_RATE = "100000/minute"
    for cache in caches.all():
        cache.clear()
    bodies = []
    real = FastJSONRenderer.render

    def render(self, data, accepted_media_type=None, renderer_context=None):
        body = real(self, data, accepted_media_type, renderer_context)
        assert body == JSONRenderer().render(data, accepted_media_type, renderer_context)
        # ...and written by orjson, not handed back to DRF.
        assert renderers._orjson_writes_it(data)
        bodies.append(body)
        return body

    monkeypatch.setattr(FastJSONRenderer, "render", render)
    yield bodies
    for cache in caches.all():
        cache.clear()


@pytest.mark.django_db
def test_api_responses_match_drf(rendered):
    place = make_place(
        name="Ḥajīn", latitude=decimal.Decimal("34.6931"), longitude=decimal.Decimal("40.8436")
    )
    event = make_event(title="Battle of Hajin \u2028😀", places=[place])
    source = make_source(slug="sohr", name="SOHR «المرصد»")
    document = make_document(title="Timeline — December 2018")
    claim = make_claim(
        source=source,
        event=event,
        document=document,
        text=TEXT.replace("\x00", ""),
        stated_on=dt.date(2018, 12, 4),
        kind=ClaimKind.CIVILIAN_HARM,
    )
    make_figure(claim, quantity=Quantity.KILLED, low=23, high=None)
    other = make_claim(source=source, event=event, text="No civilians were harmed")
    make_figure(other, quantity=Quantity.KILLED, low=0, high=0)
    make_relation(other, claim, kind=RelationKind.DENIES, note="Flat denial\u2029")
    make_review(claim, make_user("amira"), status=ClaimStatus.CORROBORATED, rationale="Two ✓")

    client = Client()
    expected = {
        "/api/claims/": 200,
        f"/api/claims/?q=civilians&source={source.slug}": 200,
        f"/api/claims/{claim.pk}/": 200,
        # A query parameter takes the uncached path, through the serializer.
        f"/api/claims/{claim.pk}/?status=corroborated": 200,
        f"/api/events/{event.pk}/": 200,
        "/api/events/": 200,
        "/api/sources/": 200,
        f"/api/sources/{source.slug}/": 200,
        "/api/places/": 200,
        "/api/documents/": 200,
        f"/api/documents/{document.slug}/": 200,
        "/api/relations/": 200,
        "/api/claims/?status=maybe": 400,
        "/api/claims/?page=99": 404,
        "/api/claims/999999/": 404,
        "/api/claims/?format=csv&status=maybe": 400,
    }
    for url, status in expected.items():
        rendered.clear()
        response = client.get(url)
        assert response.status_code == status, url
        assert rendered, url
        assert response.content == rendered[-1], url


def test_renderer_writes_settings_match_drf_defaults():
    """orjson is used only while DRF's JSON settings are the ones it writes."""
    assert renderers.FastJSONRenderer._writes_settings
