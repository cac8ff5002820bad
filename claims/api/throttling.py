"""Request rates for the API, read from settings when each request is checked
(DRF's own classes read them once at import), so deployments and tests can set
them: API_ANON_RATE, API_USER_RATE, API_FAILED_AUTH_RATE."""

from __future__ import annotations

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle, UserRateThrottle


class AnonymousThrottle(AnonRateThrottle):
    """Anonymous readers, per client address."""

    def get_rate(self) -> str:
        return settings.API_ANON_RATE


class EditorThrottle(UserRateThrottle):
    """Signed-in users, per user (anonymous ones are AnonymousThrottle's)."""

    def get_rate(self) -> str:
        return settings.API_USER_RATE

    def get_cache_key(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return None
        return super().get_cache_key(request, view)


class FailedAuthThrottle(SimpleRateThrottle):
    """Counts failed token logins per client address; once the rate is used up,
    further attempts from that address are refused until the window passes, so
    tokens cannot be guessed at speed. Successful logins are not counted."""

    scope = "failed-auth"

    def get_rate(self) -> str:
        return settings.API_FAILED_AUTH_RATE

    def get_cache_key(self, request, view=None) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}

    def _recent_failures(self, request) -> list[float]:
        self.key = self.get_cache_key(request)
        self.now = self.timer()
        return [t for t in self.cache.get(self.key, []) if t > self.now - self.duration]

    def locked_out(self, request) -> bool:
        self.history = self._recent_failures(request)
        return len(self.history) >= self.num_requests

    def record_failure(self, request) -> None:
        history = self._recent_failures(request)
        history.insert(0, self.now)
        self.cache.set(self.key, history, self.duration)
