"""A pytest plugin (loaded with `-p neuguong.testing` from pyproject.toml) that runs
the tests in development mode, as `make test` does, so that a bare `pytest` needs no
production SECRET_KEY. It is imported before pytest-django reads the settings."""

import os

os.environ.setdefault("NEUGUONG_DEBUG", "1")
