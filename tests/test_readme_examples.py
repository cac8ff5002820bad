"""The README's API examples work as printed, on the seed article.

The curl lines are read from the README itself, so the test follows the text;
the host is the tracker under test instead of `make run`'s.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from rest_framework.authtoken.models import Token

from claims.ingest.importer import import_articles
from tests.factories import make_editor

README = Path(settings.BASE_DIR) / "README.md"

pytestmark = pytest.mark.django_db


def _api_examples() -> str:
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## REST API") :]
    section = section[: section.index("\n## ", 1)]
    return section[section.index("```sh") : section.rindex("```")]


def _get_paths(examples: str) -> list[str]:
    urls = re.findall(r"^curl '(http://127\.0\.0\.1:8000/api/[^']+)'$", examples, re.M)
    return [urlsplit(url).path + "?" + urlsplit(url).query for url in urls]


def _review_body(examples: str) -> dict:
    body = re.search(r"-d '(\{.*?\})'", examples, re.S).group(1)
    return json.loads(body)


@pytest.fixture
def seeded(settings):
    settings.API_ANON_RATE = "100000/minute"
    cache.clear()
    summary = import_articles([settings.SEEDS_DIR])
    assert not summary.failures


def test_the_readme_examples_work_as_printed(seeded):
    examples = _api_examples()
    contested_at_hajin, sohr_december, disputed_sohr_december = _get_paths(examples)
    reader = Client()

    events = reader.get(contested_at_hajin)
    assert events.status_code == 200
    assert events.json()["count"] >= 1
    assert all(event["contested"] for event in events.json()["results"])

    claims = reader.get(sohr_december)
    assert claims.status_code == 200
    assert claims.json()["count"] >= 1
    assert reader.get(disputed_sohr_december).json()["count"] == 0

    token = Token.objects.create(user=make_editor("amira"))
    claim_id = claims.json()["results"][0]["id"]
    review = Client().post(
        f"/api/claims/{claim_id}/reviews/",
        _review_body(examples),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {token.key}",
    )
    assert review.status_code == 201, review.content

    disputed = reader.get(disputed_sohr_december).json()
    assert [claim["id"] for claim in disputed["results"]] == [claim_id]
