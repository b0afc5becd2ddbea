"""Periodic reports (DOMAIN.md §7): who below has sent their report, one unit's report
of a period with its figures and consolidation, writing and submitting it, returning
it, and its Word and Excel files.

A report is addressed by its unit, kind, year and number
(`/units/{unit_id}/{kind}/{year}/{number}`), whether started or not. Every route
fetches through reports.access as the pages do: 403 without `dashboards.view`
anywhere, 404 for a unit outside the caller's scope or a period that does not exist
(with a message naming the range), 403 in scope without the right to act. Writes go
through reports.services: a stale version is a 409, a report already submitted is a
409 saying when it was sent, a text over its limit a 400 stating the limit.
"""

from typing import Annotated

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from ninja import Path, Query, Router

from neuguong.exchange.plan_workbook import XLSX_TYPE
from neuguong.exchange.posters import DOCX_TYPE
from neuguong.exchange.report_documents import report_docx_response
from neuguong.exchange.report_workbook import report_xlsx_response
from neuguong.organisations.access import MAX_PK
from neuguong.reports import access, content, periods, services, tracking
from neuguong.reports.models import ReportKind, ReportTemplate

from .common import READ_ERRORS, WRITE_ERRORS
from .report_schemas import (
    KindChoice,
    OverviewOut,
    OverviewQuery,
    ReportIn,
    ReportOut,
    ReturnIn,
    SubmitIn,
)
from .review_files import _binary

router = Router(tags=["Báo cáo định kỳ"])

UnitPath = Annotated[int, Path(ge=1, le=MAX_PK)]
YearPath = Annotated[int, Path(ge=periods.MIN_YEAR, le=periods.MAX_YEAR)]
NumberPath = Annotated[int, Path(ge=1, le=12, description="Tháng 1–12, quý 1–4, còn lại 1")]
REPORT = "/units/{unit_id}/{kind}/{year}/{number}"
HEADER = ("symbol", "place", "signed_on", "recipients", "signer_name", "signer_title")


def _counts(counts: tracking.Counts) -> dict:
    names = ("total", "on_time", "late", "draft", "missing", "overdue")
    return {n: getattr(counts, n) for n in names} | {"submitted": counts.submitted}


def _figures(c: content.Content) -> list[dict]:
    return [
        {
            "counter": row.counter,
            "group": str(group.title),
            "label": str(row.label),
            "value": row.own,
            "children_sum": row.children,
        }
        for group in c.groups
        for row in group.rows
    ]


def detail(user, key: access.ReportKey) -> dict:
    c = content.build(key)
    report = c.report
    header = {name: getattr(report, name) if report else None for name in HEADER}
    header = {k: ("" if v is None and k != "signed_on" else v) for k, v in header.items()}
    return header | {
        "id": report.pk if report else None,
        "unit": key.unit,
        "kind": key.kind,
        "kind_display": str(ReportKind(key.kind).label),
        "year": key.year,
        "number": key.number,
        "title": c.heading,
        "summary": c.summary,
        "starts_on": key.starts_on,
        "ends_on": key.ends_on,
        "due_on": report.due_on if c.frozen else key.due_on,
        "status": c.status,
        "state": c.state,
        "state_display": c.state_label,
        "overdue": c.overdue,
        "version": report.version if report else 0,
        "submitted_at": report.submitted_at if report else None,
        "returned_at": report.returned_at if report else None,
        "return_reason": report.return_reason if report else "",
        "frozen": c.frozen,
        "programme_period": c.period,
        "figures": _figures(c),
        "sections": [vars(s) for s in c.sections],
        "children": c.children,
        "children_counts": _counts(c.counts),
        "caller_may_write": access.is_editable(user, key, report),
        "caller_may_return": c.frozen and access.can_return(user, key.unit),
    }


def _key(request, unit_id, kind, year, number, action="view") -> access.ReportKey:
    return access.get_key_for_user(request.auth, unit_id, kind, year, number, action)


# Who has sent their report --------------------------------------------------------------


def _overview_unit(user, pk):
    if not access.can_read_any(user):
        raise PermissionDenied
    if pk is not None:
        return access.readable_unit(user, pk)
    unit = access.led_units(user).filter(is_active=True).first()
    if unit is None:
        raise Http404
    return unit


@router.get(
    "",
    response={200: OverviewOut, **READ_ERRORS},
    summary="Tình hình báo cáo một kỳ của một đơn vị và các đơn vị trực thuộc",
)
def overview(request, query: Query[OverviewQuery]):
    user = request.auth
    unit = _overview_unit(user, query.unit)
    kind = query.kind or next((t.kind for t in ReportTemplate.objects.active()), "monthly")
    today = timezone.localdate()
    year = query.year or periods.latest_ended(kind, today)[0]
    number = query.number or periods.default_number(kind, year, today)
    key = access.get_key_for_user(user, unit.pk, kind, year, number)
    report = key.report()
    state, overdue = tracking.state_of(report, key.due_on, timezone.now())
    rows = tracking.child_rows(unit, kind, year, number, key.due_on)
    return {
        "unit": unit,
        "kind": kind,
        "year": year,
        "number": number,
        "title": content.heading(key),
        "starts_on": key.starts_on,
        "ends_on": key.ends_on,
        "due_on": key.due_on,
        "report": {
            "id": report.pk if report else None,
            "status": report.status if report else "not_started",
            "state": state,
            "state_display": str(tracking.State(state).label),
            "overdue": overdue,
            "submitted_at": report.submitted_at if report else None,
            "version": report.version if report else 0,
        },
        "children": rows,
        "counts": _counts(tracking.count(rows)),
    }


# One report --------------------------------------------------------------------------------


@router.get(REPORT, response={200: ReportOut, **READ_ERRORS}, summary="Một báo cáo định kỳ")
def get_report(request, unit_id: UnitPath, kind: KindChoice, year: YearPath, number: NumberPath):
    return detail(request.auth, _key(request, unit_id, kind, year, number))


def _write(request, key, body: ReportIn, *, partial: bool) -> dict:
    given = body.model_dump(exclude_unset=partial, exclude={"version", "narrative"})
    header = {name: given[name] for name in HEADER if name in given}
    if not partial:
        header = {k: ("" if v is None and k != "signed_on" else v) for k, v in header.items()}
    narrative = dict(body.narrative or {})
    if not partial:
        narrative = {s.key: "" for s in key.template.section_list()} | narrative
    services.save_report(
        key, by=request.auth, version=body.version, narrative=narrative, header=header
    )
    return detail(request.auth, key)


@router.put(
    REPORT,
    response={200: ReportOut, **WRITE_ERRORS},
    summary="Ghi cả báo cáo (nội dung và phần đầu, phần cuối văn bản)",
)
def put_report(
    request, unit_id: UnitPath, kind: KindChoice, year: YearPath, number: NumberPath, body: ReportIn
):
    key = _key(request, unit_id, kind, year, number, "write")
    return _write(request, key, body, partial=False)


@router.patch(
    REPORT, response={200: ReportOut, **WRITE_ERRORS}, summary="Sửa một số mục của báo cáo"
)
def patch_report(
    request, unit_id: UnitPath, kind: KindChoice, year: YearPath, number: NumberPath, body: ReportIn
):
    key = _key(request, unit_id, kind, year, number, "write")
    return _write(request, key, body, partial=True)


@router.post(
    REPORT + "/submit",
    response={200: ReportOut, **WRITE_ERRORS},
    summary="Gửi báo cáo lên cấp trên (chốt số liệu)",
)
def submit_report(
    request, unit_id: UnitPath, kind: KindChoice, year: YearPath, number: NumberPath, body: SubmitIn
):
    key = _key(request, unit_id, kind, year, number, "write")
    services.submit_report(key, by=request.auth, version=body.version)
    return detail(request.auth, key)


@router.post(
    REPORT + "/return",
    response={200: ReportOut, **WRITE_ERRORS},
    summary="Cấp trên trả lại báo cáo đã gửi, kèm lý do",
)
def return_report(
    request, unit_id: UnitPath, kind: KindChoice, year: YearPath, number: NumberPath, body: ReturnIn
):
    key = _key(request, unit_id, kind, year, number, "return")
    services.return_report(key, by=request.auth, reason=body.reason, version=body.version)
    return detail(request.auth, key)


# Files ---------------------------------------------------------------------------------------


@router.get(
    REPORT + "/report.docx",
    response=READ_ERRORS,
    summary="Báo cáo (Word, thể thức Nghị định 30/2020)",
    openapi_extra=_binary(DOCX_TYPE, "Tệp Word (.docx) khổ A4"),
)
def report_docx(request, unit_id: UnitPath, kind: KindChoice, year: YearPath, number: NumberPath):
    return report_docx_response(content.build(_key(request, unit_id, kind, year, number)))


@router.get(
    REPORT + "/report.xlsx",
    response=READ_ERRORS,
    summary="Báo cáo (Excel: số liệu, nội dung, đơn vị trực thuộc)",
    openapi_extra=_binary(XLSX_TYPE, "Trang “Số liệu”, “Nội dung” và “Đơn vị trực thuộc”"),
)
def report_xlsx(request, unit_id: UnitPath, kind: KindChoice, year: YearPath, number: NumberPath):
    return report_xlsx_response(content.build(_key(request, unit_id, kind, year, number)))
