"""The load run: gunicorn under production settings, wrk against it, on this machine.

Why 2 gthread workers of 2 threads by default (as `gunicorn.conf.py` serves in
production): the machine has 2 cores, and wrk and PostgreSQL run on the same
two. One worker per core keeps both busy; threaded workers keep wrk's
connections alive, where a sync worker closes each after one response and every
request pays a loopback TCP handshake — as long as serving a cached claim page
takes. The second thread overlaps one request's database round trip with
another's Python work. (`--worker-class sync` is there to compare.)

Everything it starts it stops: gunicorn runs in a session of its own and is
ended by its process id when the run is over, also on errors.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

# The API's throttle would answer 429 within a second of wrk's traffic: this run
# measures serving, so the rates are raised (they are per worker process anyway).
UNTHROTTLED = "1000000000/second"


class LoadRunError(Exception):
    pass


@dataclass
class WrkResult:
    name: str
    url: str
    requests: int = 0
    seconds: float = 0.0
    requests_per_s: float = 0.0
    non_2xx_3xx: int = 0
    socket_errors: dict[str, int] = field(default_factory=dict)
    latency: dict[str, str] = field(default_factory=dict)
    output: str = ""

    @property
    def errors(self) -> int:
        return self.non_2xx_3xx + sum(self.socket_errors.values())


def production_environment() -> dict[str, str]:
    """The settings of a production deployment behind a TLS proxy, on loopback."""
    env = dict(os.environ)
    env.update(
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=env.get("DJANGO_BENCH_SECRET_KEY") or secrets.token_urlsafe(48),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="false",
        DJANGO_SECURE_COOKIES="false",
        DJANGO_HSTS_SECONDS="0",
        DJANGO_API_ANON_RATE=UNTHROTTLED,
        DJANGO_API_USER_RATE=UNTHROTTLED,
        DJANGO_LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    return env


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def gunicorn_command(port: int, workers: int, worker_class: str, threads: int) -> list[str]:
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi",
        "--workers",
        str(workers),
        "--worker-class",
        worker_class,
        "--bind",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
    ]
    if worker_class == "gthread":
        command += ["--threads", str(threads)]
    return command


@contextlib.contextmanager
def gunicorn(
    *, workers: int, worker_class: str, threads: int, env: dict[str, str]
) -> Iterator[tuple[str, list[str]]]:
    """Serve the tracker with gunicorn on a free loopback port; yields the base URL
    and the command. Stops it (SIGTERM, then SIGKILL) on the way out."""
    port = free_port()
    command = gunicorn_command(port, workers, worker_class, threads)
    with tempfile.TemporaryFile("w+") as log:
        process = subprocess.Popen(
            command,
            cwd=settings.BASE_DIR,
            env=env,
            stdout=log,
            stderr=log,
            start_new_session=True,
        )
        try:
            yield f"http://127.0.0.1:{port}", command
        except BaseException:
            log.seek(0)
            sys.stderr.write(log.read()[-3000:])
            raise
        finally:
            _stop(process)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    # gunicorn's arbiter is its session's leader: signal that group, by its id.
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def wait_until_serving(url: str, timeout: float = 60.0) -> None:
    """Until `url` answers 200; a 4xx or 5xx is an error at once (it would turn
    the whole run into errors)."""
    deadline = time.monotonic() + timeout
    last: Exception | None = None
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                if response.status == 200:
                    return
                last = LoadRunError(f"{url} answered {response.status}")
        except urllib.error.HTTPError as error:
            raise LoadRunError(f"{url} answered {error.code}: {error.read()[:300]!r}") from None
        except (urllib.error.URLError, ConnectionError, TimeoutError) as error:
            last = error
        time.sleep(0.2)
    raise LoadRunError(f"{url} did not answer within {timeout:.0f} s: {last}")


_LATENCY = re.compile(r"^\s*(50|75|90|99)%\s+(\S+)\s*$", re.MULTILINE)
_TOTAL = re.compile(r"(\d+) requests in ([\d.]+)(m?s|m|h)")
_SOCKET = re.compile(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")
_NON_2XX = re.compile(r"Non-2xx or 3xx responses: (\d+)")
_RATE = re.compile(r"Requests/sec:\s+([\d.]+)")


def parse_wrk(name: str, url: str, output: str) -> WrkResult:
    result = WrkResult(name=name, url=url, output=output)
    if match := _TOTAL.search(output):
        result.requests = int(match[1])
        scale = {"ms": 0.001, "s": 1, "m": 60, "h": 3600}[match[3]]
        result.seconds = float(match[2]) * scale
    if match := _RATE.search(output):
        result.requests_per_s = float(match[1])
    if match := _NON_2XX.search(output):
        result.non_2xx_3xx = int(match[1])
    if match := _SOCKET.search(output):
        result.socket_errors = dict(
            zip(("connect", "read", "write", "timeout"), map(int, match.groups()), strict=True)
        )
    result.latency = {f"p{share}": value for share, value in _LATENCY.findall(output)}
    return result


def wrk_command(url: str, *, seconds: int, connections: int, threads: int) -> list[str]:
    return [
        "wrk",
        f"--threads={threads}",
        f"--connections={connections}",
        f"--duration={seconds}s",
        "--timeout=10s",
        "--latency",
        url,
    ]


def run_wrk(url: str, *, seconds: int, connections: int, threads: int) -> str:
    completed = subprocess.run(
        wrk_command(url, seconds=seconds, connections=connections, threads=threads),
        capture_output=True,
        text=True,
        timeout=seconds + 60,
        check=False,
    )
    if completed.returncode != 0:
        raise LoadRunError(f"wrk failed ({completed.returncode}): {completed.stderr.strip()}")
    return completed.stdout


def collectstatic(env: dict[str, str]) -> None:
    """Production settings serve static files through WhiteNoise's manifest: the
    pages' {% static %} needs `collectstatic` to have run."""
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
        cwd=settings.BASE_DIR,
        env=env,
        check=True,
    )


def run_load(
    targets: list[tuple[str, str]],
    *,
    duration: int,
    workers: int,
    worker_class: str,
    threads: int,
    connections: int,
    wrk_threads: int,
    warmup: int,
    log=print,
) -> tuple[list[WrkResult], dict]:
    """wrk for `duration` seconds against each (name, path) in turn, after
    `warmup` seconds of untimed wrk. Returns the results and what ran them."""
    if shutil.which("wrk") is None:
        raise LoadRunError("wrk is not installed: apt-get install -y wrk")
    env = production_environment()
    collectstatic(env)
    results = []
    with gunicorn(workers=workers, worker_class=worker_class, threads=threads, env=env) as (
        base,
        command,
    ):
        for _, path in targets:
            wait_until_serving(base + path)
        for name, path in targets:
            url = base + path
            if warmup:
                run_wrk(url, seconds=warmup, connections=connections, threads=wrk_threads)
            log(f"load: {name} for {duration} s …")
            output = run_wrk(url, seconds=duration, connections=connections, threads=wrk_threads)
            results.append(parse_wrk(name, url, output))
    info = {
        "gunicorn": " ".join(
            Path(part).name if part == sys.executable else part for part in command
        ),
        "wrk": " ".join(
            wrk_command("URL", seconds=duration, connections=connections, threads=wrk_threads)
        ),
        "environment": "DJANGO_DEBUG=false DJANGO_ALLOWED_HOSTS=127.0.0.1 "
        "DJANGO_SECURE_SSL_REDIRECT=false DJANGO_SECURE_COOKIES=false DJANGO_HSTS_SECONDS=0 "
        f"DJANGO_API_ANON_RATE={UNTHROTTLED} (DJANGO_SECRET_KEY random)",
    }
    return results, info
