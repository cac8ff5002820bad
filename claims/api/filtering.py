"""django-filter for the API, stricter: a query parameter the endpoint does not
know is a 400 naming it, so a typo (`?sorce=sohr`) is never answered with the
unfiltered list as if it had worked.

A request that names none of the filters is answered without a FilterSet: with
no value every filter leaves the queryset as it is, and building the FilterSet
and its form (deep copies of every filter and form field) was a fifth of an
unfiltered list's time.

The FilterSet is kept on the view as `filterset`. A list that asks for it
(`checks_rows_later`) checks a slug naming no row only when it found nothing
(`check_rows`), which saves a query per filtered request; everything else
checks it here, as django-filter would."""

from __future__ import annotations

from django_filters import utils
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import ValidationError
from rest_framework.settings import api_settings


class StrictFilterBackend(DjangoFilterBackend):
    def filter_queryset(self, request, queryset, view):
        filterset_class = self._refuse_unknown_parameters(request, queryset, view)
        if filterset_class is None or filterset_class.base_filters.keys().isdisjoint(
            request.query_params
        ):
            return queryset
        filterset = view.filterset = self.get_filterset(request, queryset, view)
        if not filterset.is_valid():
            raise utils.translate_validation(filterset.errors)
        if not getattr(view, "checks_rows_later", False):
            check_rows(view)
        return filterset.qs

    def _refuse_unknown_parameters(self, request, queryset, view):
        """Refuse parameters the endpoint does not know; return its FilterSet class."""
        known = {api_settings.URL_FORMAT_OVERRIDE}
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is not None:
            known.update(filterset_class.base_filters)
        paginator = getattr(view, "paginator", None)
        if paginator is not None and getattr(view, "action", None) == "list":
            known.update({paginator.page_query_param, paginator.page_size_query_param})
            # The CSV export streams the whole list and never paginates: check
            # the paging parameters here so that a bad one is refused there too.
            check_parameters = getattr(paginator, "check_parameters", None)
            if check_parameters is not None:
                check_parameters(request)
        known.update(getattr(view, "extra_query_parameters", ()))
        unknown = sorted(set(request.query_params) - known)
        if unknown:
            raise ValidationError(
                {name: ["Unknown parameter for this endpoint."] for name in unknown}
            )
        return filterset_class


def check_rows(view) -> None:
    """Refuse a slug (SlugsField) that the view's filters left unchecked and that
    names no row: the same 400 as for any bad value."""
    filterset = getattr(view, "filterset", None)
    if filterset is not None and not filterset.check_rows():
        raise utils.translate_validation(filterset.errors)
