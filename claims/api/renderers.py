"""The API's JSON, written by orjson: the same bytes as DRF's JSONRenderer, in a
fraction of the time (encoding a page of the claim list with the standard
library is most of a millisecond).

orjson and `json.dumps` agree on strings, ints, bools, None and the shape of
dicts and lists; where they would differ the data goes to DRF's renderer instead
(`_orjson_writes_it`), and types orjson leaves to `default` are written by DRF's
own encoder, so a datetime still ends in 'Z' and keeps milliseconds only.
"""

from __future__ import annotations

from collections import OrderedDict
from enum import Enum

import orjson
from rest_framework.renderers import JSONRenderer
from rest_framework.utils.encoders import JSONEncoder

# Datetimes, dates, times and dataclasses go to `default` (DRF's encoder), not
# orjson's own formatting. str and int subclasses orjson writes as json does;
# dict and list subclasses (ReturnDict, ReturnList) are checked by the walk.
_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS
_SCALARS = frozenset({str, int, bool, type(None)})
_LINE_SEPARATOR = "\u2028".encode()
_PARAGRAPH_SEPARATOR = "\u2029".encode()
_drf_default = JSONEncoder().default


class _Unsupported(Exception):
    """What DRF's encoder would write as something other than a string."""


def _default(value):
    """DRF's encoder's rendering of a type orjson leaves to us, when it is a
    string (a lazy translation, a datetime, a date, a time, a UUID...). Anything
    else (a Decimal becomes a float, a QuerySet a tuple) is left to DRF whole."""
    result = _drf_default(value)
    if type(result) is not str:
        raise _Unsupported
    return result


def _orjson_writes_it(data) -> bool:
    """Whether orjson writes `data` exactly as `json.dumps` does. It does not
    for floats (json writes 1e-05 where orjson writes 0.00001, and orjson
    writes NaN as null where strict JSON refuses it), enums (orjson writes their
    value), or an OrderedDict reordered with move_to_end (orjson follows the
    dict's storage order). Non-str keys and ints beyond 64 bits make orjson
    raise, which falls back as well. A page of the claim list takes about a
    tenth of a millisecond: one type lookup per value."""
    stack = [data]
    while stack:
        container = stack.pop()
        if isinstance(container, dict):
            if isinstance(container, OrderedDict) and list(container) != list(dict.keys(container)):
                return False
            container = container.values()
        for value in container:
            if type(value) in _SCALARS:
                continue
            if isinstance(value, (float, Enum)):
                return False
            if isinstance(value, (dict, list, tuple)):
                stack.append(value)
    return True


def _escape_separators(body: bytes) -> bytes:
    """U+2028 and U+2029 escaped, as DRF does, to keep the JSON a strict subset
    of JavaScript. Their UTF-8 ends in byte A8 or A9: looking for that one byte
    (memchr) is some fifty times quicker than looking for the three, which
    costs most of what orjson saves on a page of the claim list."""
    if b"\xa8" in body or b"\xa9" in body:
        body = body.replace(_LINE_SEPARATOR, b"\\u2028").replace(_PARAGRAPH_SEPARATOR, b"\\u2029")
    return body


class FastJSONRenderer(JSONRenderer):
    """DRF's JSONRenderer, byte for byte, through orjson when it can be.

    orjson writes what DRF's default JSON settings ask for (COMPACT_JSON,
    UNICODE_JSON, STRICT_JSON); other settings, and an indent asked for in the
    Accept header (or by the browsable API), go to DRF's renderer."""

    # What orjson writes: unescaped UTF-8, no spaces, no NaN.
    _writes_settings = (
        not JSONRenderer.ensure_ascii and JSONRenderer.compact and JSONRenderer.strict
    )

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        if (
            self._writes_settings
            and self.get_indent(accepted_media_type, renderer_context or {}) is None
            and isinstance(data, (dict, list, tuple))
            and _orjson_writes_it(data)
        ):
            try:
                body = orjson.dumps(data, default=_default, option=_OPTIONS)
            except (orjson.JSONEncodeError, _Unsupported):
                pass
            else:
                return _escape_separators(body)
        return super().render(data, accepted_media_type, renderer_context)
