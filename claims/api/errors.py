"""Every API error is JSON with one readable `detail` message; validation
errors add `errors`, the messages per parameter or field.

    {"detail": "Invalid status: Select a valid choice. maybe is not one of ...",
     "errors": {"status": ["Select a valid choice. ..."]}}

A Django ValidationError raised by the services (an unknown status, a review
without a rationale) is a 400 like a serializer's.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import JsonResponse
from django.views import defaults
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler

from .renderers import FastJSONRenderer

API_PREFIX = "/api/"


def exception_handler(exc, context):
    request = context.get("request")
    renderer = getattr(request, "accepted_renderer", None)
    if renderer is not None and renderer.format == "csv":
        # A failed CSV export is still an API error: answer it in JSON, as the
        # schema documents, rather than as a one-cell spreadsheet.
        request.accepted_renderer = FastJSONRenderer()
        request.accepted_media_type = FastJSONRenderer.media_type
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = (
            response.data
            if isinstance(response.data, dict)
            else {"non_field_errors": response.data}
        )
        response.data = {"detail": _summary(errors), "errors": errors}
    return response


def _summary(errors: dict) -> str:
    parts = []
    for name, messages in errors.items():
        text = " ".join(_flatten(messages))
        parts.append(text if name == "non_field_errors" else f"Invalid {name}: {text}")
    return " ".join(parts) or "Invalid request."


def _flatten(messages) -> list[str]:
    if isinstance(messages, dict):
        return [f"{key}: {text}" for key, value in messages.items() for text in _flatten(value)]
    if isinstance(messages, list):
        return [text for message in messages for text in _flatten(message)]
    return [str(messages)]


# Django's own error pages, for what never reaches a DRF view (a URL no route
# matches, an error outside the views): JSON under /api/, HTML elsewhere.


def page_not_found(request, exception):
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": "Not found."}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": "Server error."}, status=500)
    return defaults.server_error(request)
