"""Production settings with the bench-only URLs (bench/bare_urls.py) on top."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.bare_urls"
