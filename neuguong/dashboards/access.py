"""Who may see the roll-ups, and the parameters they are asked for.

Rules:
- The status of codes needs `codes.status` (VIEW_CODE_STATUS) somewhere, the dashboard
  and the lists behind its figures `dashboards.view` (VIEW_DASHBOARD): without the
  permission anywhere the answer is 403. A unit outside that scope does not exist (404).
- With no unit named, the user's highest unit in that scope is shown (the root for
  province-wide roles).
- On the status of codes a period, sector or area that does not exist is a bad request
  with a message that names it, never a 500. On the dashboard a period that does not
  exist is not found (404), like a unit; a sector, area, unit kind or person category
  that does not exist is a bad request naming the value.
"""

from django.core.exceptions import PermissionDenied
from django.db.models.functions import Length
from django.http import Http404
from django.utils.translation import gettext as _

from neuguong.core.access import VIEW_CODE_STATUS, VIEW_DASHBOARD
from neuguong.core.errors import DomainError
from neuguong.organisations.access import MAX_PK, _valid_pk
from neuguong.organisations.models import Area, PersonCategory, Sector, Unit, UnitKind
from neuguong.organisations.scopes import has_perm_anywhere, scope_for
from neuguong.regulations.models import Period

TOP_UNITS_SHOWN = 50


def require_status_access(user) -> None:
    if not has_perm_anywhere(user, VIEW_CODE_STATUS):
        raise PermissionDenied


def top_units(user, perm: str = VIEW_CODE_STATUS):
    """The highest units of the user's scope for `perm` (several for a supervisor)."""
    scope = scope_for(user, perm)
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


# The dashboard ----------------------------------------------------------------------


def dashboard_unit(user, pk) -> Unit:
    """The unit named by `pk` if the user may see its dashboard: 403 without
    `dashboards.view` anywhere, 404 outside its scope (or for a pk that is no id)."""
    if not has_perm_anywhere(user, VIEW_DASHBOARD):
        raise PermissionDenied
    unit = (
        Unit.objects.visible_to(user, VIEW_DASHBOARD)
        .filter(pk=_valid_pk(pk))
        .select_related("parent")
        .first()
    )
    if unit is None:
        raise Http404
    return unit


def dashboard_tops(user) -> list[Unit]:
    """The highest units of the user's dashboard scope (403 without the permission)."""
    if not has_perm_anywhere(user, VIEW_DASHBOARD):
        raise PermissionDenied
    return list(
        top_units(user, VIEW_DASHBOARD).only("pk", "name", "path", "kind")[:TOP_UNITS_SHOWN]
    )


def dashboard_period(value) -> Period | None:
    """The period named by id (404 when there is none such), or when none is named the
    current one, else the latest (None when there is no period at all)."""
    if value in (None, ""):
        return Period.objects.current()
    pk = _id(value)
    period = Period.objects.filter(pk=pk).first() if pk else None
    if period is None:
        raise Http404
    return period


def previous_period(period: Period) -> Period | None:
    """The latest period of the same kind that ended before `period` started."""
    return (
        Period.objects.filter(kind=period.kind, ends_on__lt=period.starts_on)
        .order_by("-ends_on", "-starts_on", "-pk")
        .first()
    )


def _pick_choice(choices, value, *, field: str, what: str):
    if value in (None, ""):
        return None
    if value in choices.values:
        return choices(value)
    raise DomainError(
        _("Không có %(what)s “%(value)s”. Hãy chọn trong danh sách.")
        % {"what": what, "value": str(value)[:40]},
        field=field,
    )


def pick_kind(value) -> str | None:
    """A unit kind (UnitKind value), or None."""
    return _pick_choice(UnitKind, value, field="kind", what=_("loại đơn vị"))


def pick_category(value) -> str | None:
    """A person category (PersonCategory value), or None."""
    return _pick_choice(PersonCategory, value, field="category", what=_("nhóm đối tượng"))
