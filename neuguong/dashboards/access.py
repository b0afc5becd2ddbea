"""Who may see the roll-ups, and the parameters they are asked for.

Rules:
- The status of codes needs `codes.status` (VIEW_CODE_STATUS) somewhere: without it
  the answer is 403. A unit outside that scope does not exist (404).
- With no unit named, the user's highest unit in that scope is shown (the root for
  province-wide roles).
- A period, sector or area that does not exist is a bad request with a message that
  names it, never a 500.
"""

from django.core.exceptions import PermissionDenied
from django.db.models.functions import Length
from django.http import Http404
from django.utils.translation import gettext as _

from neuguong.core.access import VIEW_CODE_STATUS
from neuguong.core.errors import DomainError
from neuguong.organisations.access import MAX_PK, _valid_pk
from neuguong.organisations.models import Area, Sector, Unit
from neuguong.organisations.scopes import has_perm_anywhere, scope_for
from neuguong.regulations.models import Period

TOP_UNITS_SHOWN = 50


def require_status_access(user) -> None:
    if not has_perm_anywhere(user, VIEW_CODE_STATUS):
        raise PermissionDenied


def top_units(user):
    """The highest units of the user's status scope (several for a supervisor)."""
    scope = scope_for(user, VIEW_CODE_STATUS)
    if scope.everything:
        units = Unit.objects.filter(parent__isnull=True)
    else:
        units = Unit.objects.filter(path__in=scope.prefixes)
    return units.order_by(Length("path"), "path").only("pk", "name", "path")


def status_unit(user, pk) -> Unit:
    """The unit named by `pk` (or the user's highest one when None) if the user may see
    its status: 403 without the permission anywhere, 404 outside its scope."""
    require_status_access(user)
    if pk in (None, ""):
        units = top_units(user).defer(None)
    else:
        units = Unit.objects.visible_to(user, VIEW_CODE_STATUS).filter(pk=_valid_pk(pk))
    unit = units.select_related("parent").first()
    if unit is None:
        raise Http404
    return unit


def _id(value) -> int | None:
    try:
        pk = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return pk if 0 < pk <= MAX_PK else None


def pick_period(value) -> Period | None:
    """The period named by id, or the current one when none is named (None if there
    is no period at all)."""
    if value in (None, ""):
        return Period.objects.current()
    period = Period.objects.filter(pk=_id(value)).first() if _id(value) else None
    if period is None:
        raise DomainError(
            _("Không tìm thấy kỳ thực hiện “%(value)s”. Hãy chọn một kỳ trong danh sách.")
            % {"value": str(value)[:40]},
            field="period",
        )
    return period


def pick_tag(model, value, *, by: str = "pk"):
    """A sector or area named by id (the pages) or by code (the API), or None."""
    if value in (None, ""):
        return None
    if by == "pk":
        tag = model.objects.filter(pk=_id(value)).first() if _id(value) else None
    else:
        tag = model.objects.filter(code=str(value)[:40]).first()
    if tag is None:
        what = _("lĩnh vực") if model is Sector else _("địa bàn")
        raise DomainError(
            _("Không tìm thấy %(what)s “%(value)s”. Hãy chọn trong danh sách.")
            % {"what": what, "value": str(value)[:40]},
            field="sector" if model is Sector else "area",
        )
    return tag


def pick_sector(value, *, by: str = "pk") -> Sector | None:
    return pick_tag(Sector, value, by=by)


def pick_area(value, *, by: str = "pk") -> Area | None:
    return pick_tag(Area, value, by=by)
