"""Fetch-and-check helpers for the regulations library and the programme periods.

Rules:
- Everyone signed in reads the library and the periods: they are the province's
  programme, not any unit's data. An unknown id (or one out of range) is a 404.
- Changing them needs `programme.manage` over the whole tree (services.py); anyone
  else who asks for a change gets a 403.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from neuguong.organisations.access import MAX_PK

from .models import Period, Regulation, RegulationItem
from .services import can_manage_programme


def _valid_pk(pk) -> int:
    try:
        value = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    if not 0 < value <= MAX_PK:
        raise Http404
    return value


def _check(user, manage: bool) -> None:
    if manage and not can_manage_programme(user):
        raise PermissionDenied


def get_regulation_for_user(user, pk, *, manage: bool = False) -> Regulation:
    regulation = Regulation.objects.select_related("replaced_by").filter(pk=_valid_pk(pk)).first()
    if regulation is None:
        raise Http404
    _check(user, manage)
    return regulation


def get_item_for_user(user, pk, *, manage: bool = False) -> RegulationItem:
    item = RegulationItem.objects.select_related("regulation").filter(pk=_valid_pk(pk)).first()
    if item is None:
        raise Http404
    _check(user, manage)
    return item


def get_period_for_user(user, pk, *, manage: bool = False) -> Period:
    period = Period.objects.filter(pk=_valid_pk(pk)).first()
    if period is None:
        raise Http404
    _check(user, manage)
    return period
