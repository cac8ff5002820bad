"""Token authentication (`Authorization: Token <key>`) with failed attempts
throttled per client address."""

from __future__ import annotations

from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed, Throttled

from .throttling import FailedAuthThrottle


class ThrottledTokenAuthentication(TokenAuthentication):
    def authenticate(self, request):
        guard = FailedAuthThrottle()
        if request.META.get("HTTP_AUTHORIZATION") and guard.locked_out(request):
            raise Throttled(
                wait=guard.wait(),
                detail="Too many failed logins from this address; try again later.",
            )
        try:
            return super().authenticate(request)
        except AuthenticationFailed:
            guard.record_failure(request)
            raise
