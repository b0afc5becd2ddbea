#!/usr/bin/env python
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    # A checkout without a SECRET_KEY is a developer's: manage.py commands run in
    # development mode there. Production sets SECRET_KEY, and the web server (WSGI)
    # never takes this path, so it still refuses to start without one.
    if not os.environ.get("SECRET_KEY"):
        os.environ.setdefault("NEUGUONG_DEBUG", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
