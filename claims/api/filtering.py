"""django-filter for the API, stricter: a query parameter the endpoint does not
know is a 400 naming it, so a typo (`?sorce=sohr`) is never answered with the
unfiltered list as if it had worked."""

from __future__ import annotations

from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import ValidationError
from rest_framework.settings import api_settings


class StrictFilterBackend(DjangoFilterBackend):
    def filter_queryset(self, request, queryset, view):
        self._refuse_unknown_parameters(request, queryset, view)
        return super().filter_queryset(request, queryset, view)

    def _refuse_unknown_parameters(self, request, queryset, view) -> None:
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
