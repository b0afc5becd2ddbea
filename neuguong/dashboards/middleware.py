import logging

from django.db import DatabaseError

from . import tally

log = logging.getLogger(__name__)

# A request that wrote applies at most this many batches of marks itself; a bulk
# change's remainder is applied by the next reader or by the task worker.
BATCHES_PER_REQUEST = 4


class TallyDrainMiddleware:
    """After a request that may have written, bring the dashboards' tallies up to date,
    so a change shows on the dashboard at once."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            try:
                if tally.pending():
                    tally.drain(max_batches=BATCHES_PER_REQUEST)
            except DatabaseError:  # the next reader applies the marks
                log.exception("tally drain failed")
        return response
