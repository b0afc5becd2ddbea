"""A pytest plugin (loaded with `-p neuguong.testing` from pyproject.toml) that runs
the tests in development mode, as `make test` does, so that a bare `pytest` needs no
production SECRET_KEY. It is imported before pytest-django reads the settings."""

import os

os.environ.setdefault("NEUGUONG_DEBUG", "1")

# Uploaded files of a test run go to a folder of their own, removed at exit, never to
# the development server's var/media.
if "NEUGUONG_MEDIA_ROOT" not in os.environ:
    import atexit
    import shutil
    import tempfile

    _media = tempfile.mkdtemp(prefix="neuguong-test-media-")
    os.environ["NEUGUONG_MEDIA_ROOT"] = _media
    atexit.register(shutil.rmtree, _media, ignore_errors=True)
