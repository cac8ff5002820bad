"""Where a request's time goes, by cProfile: the shares of the database driver,
turning rows into model instances, DRF serializers, templates and filtering.

Profiling slows Python down (the database less), so the shares are indicative
and the milliseconds are the profiled ones, not the benchmark's.
"""

from __future__ import annotations

import cProfile
import pstats
from collections.abc import Callable
from dataclasses import dataclass

# (label, file fragment, function name): the cumulative time of the outermost
# call of each; nested calls of the same function are not counted twice.
PHASES = [
    ("database driver", "psycopg/cursor.py", "execute"),
    ("database driver", "~", "<method 'execute' of 'sqlite3.Cursor' objects>"),
    ("ORM: rows to objects (incl. driver)", "django/db/models/query.py", "_fetch_all"),
    (
        "filters (incl. their queries)",
        "django_filters/rest_framework/backends.py",
        "filter_queryset",
    ),
    ("DRF serializers", "rest_framework/serializers.py", "data"),
    ("JSON rendering", "rest_framework/renderers.py", "render"),
    ("templates", "django/template/base.py", "render"),
]


@dataclass(frozen=True)
class Breakdown:
    name: str
    profiled_ms: float
    phases: list[tuple[str, float]]
    top: list[tuple[str, float]]


def _label(key: tuple[str, int, str]) -> str:
    path, line, function = key
    for marker in ("site-packages/", "/work/main/", "lib/python3"):
        if marker in path:
            path = path.split(marker, 1)[1]
            break
    return f"{path}:{line}({function})"


def profile(name: str, call: Callable[[], object], repeat: int = 20) -> Breakdown:
    for _ in range(3):
        call()
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(repeat):
        call()
    profiler.disable()
    stats = pstats.Stats(profiler).stats  # {(file, line, func): (cc, nc, tt, ct, callers)}
    total = max(ct for (_, _, _, ct, _) in stats.values())
    phases: dict[str, float] = {}
    for label, fragment, function in PHASES:
        for (path, _, func), (_, _, _, cumulative, _) in stats.items():
            if func == function and (fragment in path if fragment != "~" else path == "~"):
                phases[label] = max(phases.get(label, 0.0), cumulative)
    top = sorted(stats.items(), key=lambda item: item[1][2], reverse=True)[:8]
    return Breakdown(
        name=name,
        profiled_ms=total / repeat * 1000,
        phases=[(label, seconds / total) for label, seconds in phases.items() if seconds],
        top=[(_label(key), value[2] / repeat * 1000) for key, value in top],
    )
