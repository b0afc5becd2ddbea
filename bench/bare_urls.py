"""Bench-only URLs: the app's own, plus /bench/bare/, a bare Django endpoint that inserts
one row. plans_surge.py serves it beside the real API (bench.bare_settings) to compare
the submit endpoint with the least a Django request that writes can cost.

The bare endpoint authenticates exactly as the API does (a bearer token looked up by
neuguong.core.tokens.user_for_key, including its last-used write for a fresh token),
then inserts (user id, time) into bench_bare, a table plans_surge.py creates, in one
transaction. Never part of the application: config.urls does not include it.
"""

import os

from django.db import connection, transaction
from django.http import HttpResponse, JsonResponse
from django.urls import path
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from config.urls import urlpatterns as app_urls
from neuguong.core.tokens import user_for_key

BARE_TABLE = "bench_bare"

if os.environ.get("BENCH_SURGE_SKIP_COPIES") == "1":
    # An experiment, never the reported default: submit without the copy check in the
    # request, to measure what moving it out of the request (after commit, in the
    # background worker) would gain.
    from neuguong.commitments import services

    services.flag_copies = lambda plan, tasks: []


@csrf_exempt
@require_POST
def bare(request):
    scheme, _sep, key = request.headers.get("Authorization", "").partition(" ")
    user = user_for_key(key.strip()) if scheme.lower() == "bearer" else None
    if user is None:
        return HttpResponse(status=401)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {BARE_TABLE} (user_id, at) VALUES (%s, %s)",  # noqa: S608
            [user.pk, timezone.now().isoformat()],
        )
    return JsonResponse({"ok": True})


urlpatterns = [*app_urls, path("bench/bare/", bare)]
