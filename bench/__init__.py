"""The tracker's benchmark (`manage.py benchmark`), one job per module:

- `scenarios`: what is measured, with parameters picked from the data;
- `floor`: the same rows as the API straight from the database driver, no framework;
- `harness`: requests through Django's WSGI handler in process, timed, interleaved;
- `environment`: machine, versions and data size;
- `importing`: import throughput, through `manage.py benchmark_import`;
- `goals`: the issue's goals set against what a run measured;
- `breakdown` and `plans` (`--profile`): where a request's time goes, and the
  plan of its slowest SQL statement;
- `load` (`--load`): gunicorn + wrk under production settings;
- `report`: the printed table and `docs/benchmarks.md`;
- `run`: one run, from parameters to the written report.

It prints figures and asserts nothing about speed.
"""
