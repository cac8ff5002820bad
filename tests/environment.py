"""The test suite's environment, set before Django reads its settings.

Loaded as a pytest plugin (`-p tests.environment` in pyproject.toml) because
pytest-django reads the settings before any conftest.py is imported.
"""

import os

# Tests talk plain HTTP to the test client: run with development settings
# (no HTTPS redirect, no secure-only cookies) and a throwaway secret key.
# Django's test runner still runs every test with DEBUG off.
os.environ.setdefault("DJANGO_DEBUG", "true")
os.environ.setdefault("DJANGO_SECRET_KEY", "test-suite-only-" + "x" * 40)
