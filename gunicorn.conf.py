"""gunicorn's settings for the tracker (`gunicorn config.wsgi` reads this file
from the working directory; command-line options override it).

Threaded workers, because they keep HTTP connections alive: a sync worker
closes the connection after every response, so each request pays a TCP
handshake and teardown, which on loopback took as long as serving a cached
claim page (measured with `manage.py benchmark --load`: 2 sync workers ≈ 650-950
requests/s, 2 gthread workers of 2 threads ≈ 1,600-1,800 on the same 2 cores).
One worker per core; the second thread of each overlaps one request's database
round trip with another's Python work. Set GUNICORN_WORKERS and GUNICORN_THREADS
for another machine.
"""

import multiprocessing
import os

workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count()))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", 2))
# Readers' browsers reuse a connection for the page and its stylesheet.
keepalive = 5
