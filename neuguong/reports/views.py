# Owned by the reports helper: replace with the real pages.
from django.http import Http404


def index(request):
    raise Http404
