"""Records that bear on a rating: discipline decisions and findings (kept by the
inspection board, `discipline.manage`) and pending matters (`reviews.pending`).

Readers are those who keep the records and those who read reviews (`reviews.view`),
each for the people and organisations in their scope: a record outside it is a 404;
listing without either permission anywhere is a 403. Every change goes through
reviews.services, which checks the keeper's scope (403) and writes the audit log.
"""

from typing import Annotated

from django.db.models import F, Q
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Status

from neuguong.core.access import MANAGE_DISCIPLINE, MANAGE_PENDING, VIEW_REVIEWS
from neuguong.core.errors import DomainError
from neuguong.organisations.access import MAX_PK
from neuguong.organisations.models import Person
from neuguong.organisations.scopes import has_perm_anywhere, scope_for
from neuguong.regulations.models import Period
from neuguong.reviews import services
from neuguong.reviews.models import Discipline, Finding, PendingMatter

from .common import READ_ERRORS, WRITE_ERRORS, page, pick_unit
from .review_record_schemas import (
    DisciplineIn,
    DisciplineOut,
    DisciplinePage,
    DisciplineValuesIn,
    FindingIn,
    FindingOut,
    FindingPage,
    PendingFilters,
    PendingIn,
    PendingOut,
    PendingPage,
    RecordFilters,
    SettleIn,
)

router = Router()

PkPath = Annotated[int, Path(ge=1, le=MAX_PK)]
PERSON_PATHS = ("person__workplace__path", "person__party_cell__path")
PERSON_PATHS += ("person__management_unit__path",)
SUBJECT_RELATED = ("person", "unit")


def pick_period(pk: int | None, *, field: str) -> Period:
    """The period named, or the current one."""
    period = Period.objects.filter(pk=pk).first() if pk else Period.objects.current()
    if period is None:
        message = (
            _("Không tìm thấy kỳ #%(id)d.") % {"id": pk} if pk else _("Chưa có kỳ thực hiện nào.")
        )
        raise DomainError(message, field=field, code="not_found" if pk else "invalid")
    return period


def _readable(user, keeper: str, *, units: bool = True) -> Q:
    """Records of people (and organisations) in the scope of `keeper` or of reviews.view."""
    q = Q(pk__in=[])
    for scope in (scope_for(user, keeper), scope_for(user, VIEW_REVIEWS)):
        if scope.everything:
            return Q()
        if scope.prefixes:
            for prefix in PERSON_PATHS + (("unit__path",) if units else ()):
                q |= scope.path_q(prefix)
    return q


def _require_reader(user, keeper: str) -> None:
    if not (has_perm_anywhere(user, keeper) or has_perm_anywhere(user, VIEW_REVIEWS)):
        raise DomainError(_("Bạn không có quyền xem các hồ sơ này."), code="forbidden")


def _one(qs, pk: int):
    found = qs.filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def _person(user, pk: int | None, *, field: str) -> Person | None:
    if pk is None:
        return None
    person = (
        Person.objects.visible_to(user)
        .select_related("workplace", "party_cell", "management_unit")
        .filter(pk=pk)
        .first()
    )
    if person is None:
        raise DomainError(
            _("Không tìm thấy người #%(id)d.") % {"id": pk}, field=field, code="not_found"
        )
    return person


def _filtered(user, qs, filters: RecordFilters, date_field: str, *, units: bool = True):
    if filters.person is not None:
        qs = qs.filter(person_id=filters.person)
    if filters.unit is not None:
        unit = pick_unit(user, filters.unit, field="unit")
        q = unit.subtree_q("person__workplace__") | unit.subtree_q("person__party_cell__")
        if units:
            q |= unit.subtree_q("unit__")
        qs = qs.filter(q)
    if filters.period is not None:
        period = pick_period(filters.period, field="period")
        qs = qs.filter(
            **{f"{date_field}__gte": period.starts_on, f"{date_field}__lte": period.ends_on}
        )
    return qs


# Discipline -------------------------------------------------------------------------


def _disciplines(user):
    return Discipline.objects.filter(_readable(user, MANAGE_DISCIPLINE)).select_related(
        *SUBJECT_RELATED
    )


@router.get(
    "/discipline", response={200: DisciplinePage, **READ_ERRORS}, summary="Danh sách kỷ luật"
)
def list_discipline(request, filters: Query[RecordFilters]):
    user = request.auth
    _require_reader(user, MANAGE_DISCIPLINE)
    qs = _filtered(user, _disciplines(user), filters, "decided_on")
    return page(qs.order_by("-decided_on", "-pk"), filters)


@router.post(
    "/discipline",
    response={201: DisciplineOut, **WRITE_ERRORS},
    summary="Ghi một quyết định kỷ luật",
)
def record_discipline(request, payload: DisciplineIn):
    user = request.auth
    person = _person(user, payload.person_id, field="person_id")
    unit = pick_unit(user, payload.unit_id, field="unit_id")
    data = payload.model_dump(exclude={"person_id", "unit_id"})
    record = services.record_discipline(by=user, person=person, unit=unit, data=data)
    return Status(201, record)


@router.get(
    "/discipline/{record_id}",
    response={200: DisciplineOut, **READ_ERRORS},
    summary="Một quyết định kỷ luật",
)
def get_discipline(request, record_id: PkPath):
    return _one(_disciplines(request.auth), record_id)


@router.put(
    "/discipline/{record_id}",
    response={200: DisciplineOut, **WRITE_ERRORS},
    summary="Sửa một quyết định kỷ luật",
)
def update_discipline(request, record_id: PkPath, payload: DisciplineValuesIn):
    user = request.auth
    record = _one(_disciplines(user), record_id)
    record = services.update_discipline(record, by=user, data=payload.model_dump())
    return _one(_disciplines(user), record.pk)


@router.delete(
    "/discipline/{record_id}",
    response={204: None, **WRITE_ERRORS},
    summary="Xóa một quyết định kỷ luật",
)
def delete_discipline(request, record_id: PkPath):
    user = request.auth
    services.delete_discipline(_one(_disciplines(user), record_id), by=user)
    return Status(204, None)


# Findings ---------------------------------------------------------------------------


def _findings(user):
    return Finding.objects.filter(_readable(user, MANAGE_DISCIPLINE)).select_related(
        *SUBJECT_RELATED
    )


@router.get(
    "/findings",
    response={200: FindingPage, **READ_ERRORS},
    summary="Danh sách kết luận vi phạm, suy thoái",
)
def list_findings(request, filters: Query[RecordFilters]):
    user = request.auth
    _require_reader(user, MANAGE_DISCIPLINE)
    qs = _filtered(user, _findings(user), filters, "concluded_on")
    return page(qs.order_by("-concluded_on", "-pk"), filters)


@router.post("/findings", response={201: FindingOut, **WRITE_ERRORS}, summary="Ghi một kết luận")
def record_finding(request, payload: FindingIn):
    user = request.auth
    person = _person(user, payload.person_id, field="person_id")
    unit = pick_unit(user, payload.unit_id, field="unit_id")
    data = payload.model_dump(exclude={"person_id", "unit_id"})
    return Status(201, services.record_finding(by=user, person=person, unit=unit, data=data))


@router.delete(
    "/findings/{finding_id}", response={204: None, **WRITE_ERRORS}, summary="Xóa một kết luận"
)
def delete_finding(request, finding_id: PkPath):
    user = request.auth
    services.delete_finding(_one(_findings(user), finding_id), by=user)
    return Status(204, None)


# Pending matters ----------------------------------------------------------------------


def _matters(user):
    return PendingMatter.objects.filter(
        _readable(user, MANAGE_PENDING, units=False)
    ).select_related("person", "period")


@router.get(
    "/pending",
    response={200: PendingPage, **READ_ERRORS},
    summary="Vấn đề đang xử lý (chặn việc xếp loại)",
)
def list_pending(request, filters: Query[PendingFilters]):
    user = request.auth
    _require_reader(user, MANAGE_PENDING)
    qs = _matters(user)
    if filters.person is not None:
        qs = qs.filter(person_id=filters.person)
    if filters.period is not None:
        qs = qs.filter(period_id=filters.period)
    if filters.open is not None:
        qs = qs.filter(settled_at__isnull=filters.open)
    # Open matters first, on SQLite as on PostgreSQL.
    order = (F("settled_at").desc(nulls_first=True), "-created_at", "-pk")
    return page(qs.order_by(*order), filters)


@router.post(
    "/pending", response={201: PendingOut, **WRITE_ERRORS}, summary="Thêm một vấn đề đang xử lý"
)
def add_pending(request, payload: PendingIn):
    user = request.auth
    person = _person(user, payload.person_id, field="person_id")
    period = pick_period(payload.period_id, field="period_id")
    matter = services.add_pending_matter(
        by=user, person=person, period=period, title=payload.title, detail=payload.detail
    )
    return Status(201, _one(_matters(user), matter.pk))


@router.post(
    "/pending/{matter_id}/settle",
    response={200: PendingOut, **WRITE_ERRORS},
    summary="Ghi kết quả giải quyết",
)
def settle_pending(request, matter_id: PkPath, payload: SettleIn):
    user = request.auth
    matter = _one(_matters(user), matter_id)
    services.settle_pending_matter(matter, by=user, settlement=payload.settlement)
    return _one(_matters(user), matter.pk)
