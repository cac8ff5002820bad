"""Each FilterSet works on shallow copies of its class's filters
(claims.filters.FilterSet): nothing one request sets on its filters reaches the
class's or another request's."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import QueryDict

from claims.filters import ClaimFilterSet
from tests.factories import make_claim, make_event

pytestmark = pytest.mark.django_db


def test_each_filterset_has_filters_of_its_own():
    first, second = ClaimFilterSet(QueryDict()), ClaimFilterSet(QueryDict())
    for name, base in ClaimFilterSet.base_filters.items():
        assert first.filters[name] is not base
        assert first.filters[name] is not second.filters[name]
        assert first.filters[name].parent is first
        assert second.filters[name].parent is second
        assert not hasattr(base, "parent"), name


def test_method_filters_call_their_own_filterset():
    """A `method` filter resolves the method on its filter's parent: a copy that
    kept the class's FilterMethod would call another FilterSet's, or none."""
    early = make_claim(event=make_event(date=dt.date(2018, 1, 1)))
    late = make_claim(event=make_event(date=dt.date(2019, 1, 1)))
    after_2018 = ClaimFilterSet(QueryDict("date_after=2018-06-01"))
    until_2018 = ClaimFilterSet(QueryDict("date_before=2018-06-01"))
    assert after_2018.filters["date_after"].filter.f is after_2018.filters["date_after"]
    assert list(until_2018.qs) == [early]
    assert list(after_2018.qs) == [late]
