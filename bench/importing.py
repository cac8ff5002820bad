"""Import throughput (MB/s of article text, claims/s), end to end, measured by
`manage.py benchmark_import` (its writes are rolled back) and read back from
its table."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from django.core.management import call_command

# "corpus of 40 articles, end to end    1.234    0.567    2.18      1234    1.100"
# (the last column, CPU seconds of the importing processes, may be absent)
_ROW = re.compile(
    r"^(?P<label>.+?)\s+(?P<mb>\d+\.\d+)\s+(?P<seconds>\d+\.\d+)\s+(?P<mbps>\d+\.\d+)"
    r"\s+(?P<claims_per_s>\d+)(?:\s+(?P<cpu_seconds>\d+\.\d+))?\s*$"
)


# Runs per measurement, the best kept: a first run also pays for compiling the
# importer's patterns.
REPEAT = 3


@dataclass(frozen=True)
class ImportRow:
    label: str
    megabytes: float
    seconds: float
    mb_per_s: float
    claims_per_s: float
    cpu_seconds: float | None = None


def measure_import(copies: int) -> tuple[list[ImportRow], str]:
    """benchmark_import's rows for a corpus of `copies` article files, and its
    whole output (its first line names the database and the run)."""
    output = io.StringIO()
    call_command("benchmark_import", copies=copies, repeat=REPEAT, stdout=output)
    text = output.getvalue()
    rows = []
    for line in text.splitlines():
        match = _ROW.match(line.strip())
        if match:
            rows.append(
                ImportRow(
                    label=match["label"].strip(),
                    megabytes=float(match["mb"]),
                    seconds=float(match["seconds"]),
                    mb_per_s=float(match["mbps"]),
                    claims_per_s=float(match["claims_per_s"]),
                    cpu_seconds=float(match["cpu_seconds"]) if match["cpu_seconds"] else None,
                )
            )
    return rows, text
