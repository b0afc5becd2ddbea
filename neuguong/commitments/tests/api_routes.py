"""The commitment-plan API routes' rows in the API access matrix.

Targets are the member's personal plan (Nguyễn Văn An, a party member of Chi bộ Tổ Toán,
working at the school), approved in the maths cell: the member writes it, the cell's
secretary and the head of Hòa An (above it) approve it, the supervisor (education), the
organisation officer and inspection read it, the outsider and the propaganda officer
(who holds no plan permission) do not see it (404). The admin, a superuser, sees and
approves everything but writes nobody's personal plan.

Uploading evidence needs a multipart body, which the matrix cannot send; its row
targets a plan nobody among the personas writes (the villager's), so every caller is
answered before the file is read. tests/test_plans.py uploads as the member.
"""

import hashlib

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from neuguong.commitments.factories import make_plan
from neuguong.commitments.models import Evidence, PlanStatus

VIEW = "401 200 200 200 200 200 200 200 404 404"
LIST = "401 200 200 200 200 200 200 200 200 200"
# Only the member writes their own plan.
WRITE = "401 {ok} 403 403 403 403 403 403 404 404"
APPROVE = "401 403 200 200 403 403 403 200 404 404"
# Anyone holding plans.approve somewhere may send a batch (ids outside scope: not found).
BULK = "401 403 200 200 403 403 403 200 200 403"
# Everyone with a personal record starts their own plan; accounts without one cannot.
START = "401 201 201 201 403 201 403 403 201 403"
# The villager's plan (Chi bộ Thôn Đông, working for Hòa An): no persona writes it.
FOREIGN = "401 404 404 403 404 403 403 403 404 404"

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def write(ok: int = 200) -> str:
    return WRITE.format(ok=ok)


def _plan(p, status):
    """One plan of the member per test, in `status` (made on first use)."""
    if not hasattr(p, "member_plan"):
        p.member_plan = make_plan(p.people.member, p.period, status=status)
    return p.member_plan


def draft(p):
    return _plan(p, PlanStatus.DRAFT).pk


def submitted(p):
    return _plan(p, PlanStatus.SUBMITTED).pk


def approved(p):
    return _plan(p, PlanStatus.APPROVED).pk


def task(p):
    return _plan(p, PlanStatus.APPROVED).tasks.first().pk


def villager_task(p):
    plan = make_plan(p.people.villager, p.period, status=PlanStatus.APPROVED)
    return plan.tasks.first().pk


def evidence(name: str):
    """Evidence on the member's approved plan, stored under a fixed name in the media
    folder (overwritten on each use, so the matrix leaves one small file behind)."""

    def make(p):
        path = f"evidence/matrix-{name}.pdf"
        if default_storage.exists(path):
            default_storage.delete(path)
        stored = default_storage.save(path, ContentFile(PDF))
        return Evidence.objects.create(
            task_id=task(p),
            file=stored,
            name="Báo cáo.pdf",
            kind="pdf",
            size=len(PDF),
            sha256=hashlib.sha256(PDF).hexdigest(),
        ).pk

    return make


def version(n: int = 1):
    return lambda p: {"version": n}


PLAN = {"plan_id": approved}
# (method, path template, {path arg: province -> value}, body: province -> dict, statuses)
ROUTES = [
    ("GET", "/plans", {}, None, LIST),
    ("GET", "/plans/mine", {}, None, LIST),
    ("GET", "/plans/{plan_id}", PLAN, None, VIEW),
    ("POST", "/plans", {}, lambda p: {"period": p.period.pk}, START),
    (
        "PUT",
        "/plans/{plan_id}",
        {"plan_id": draft},
        lambda p: {
            "version": 1,
            "sections": {"political_stance": "Tuyệt đối trung thành với lý tưởng của Đảng."},
        },
        write(),
    ),
    ("POST", "/plans/{plan_id}/submit", {"plan_id": draft}, version(), write()),
    ("POST", "/plans/{plan_id}/approve", {"plan_id": submitted}, version(), APPROVE),
    (
        "POST",
        "/plans/{plan_id}/return",
        {"plan_id": submitted},
        lambda p: {"version": 1, "reason": "Nhiệm vụ 1 chưa có chỉ tiêu đo được."},
        APPROVE,
    ),
    (
        "POST",
        "/plans/{plan_id}/amend",
        PLAN,
        lambda p: {"reason": "Được giao thêm nhiệm vụ chủ nhiệm lớp."},
        write(201),
    ),
    (
        "POST",
        "/plans/approve",
        {},
        lambda p: {"ids": [submitted(p)]},
        BULK,
    ),
    ("GET", "/plans/{plan_id}/compare", PLAN, None, VIEW),
    (
        "POST",
        "/plans/tasks/{task_id}/progress",
        {"task_id": task},
        lambda p: {"status": "in_progress", "percent": 40, "note": "Đã xong học kỳ I."},
        write(),
    ),
    ("POST", "/plans/tasks/{task_id}/evidence", {"task_id": villager_task}, None, FOREIGN),
    ("GET", "/plans/evidence/{evidence_id}", {"evidence_id": evidence("get")}, None, VIEW),
    (
        "DELETE",
        "/plans/evidence/{evidence_id}",
        {"evidence_id": evidence("delete")},
        None,
        write(204),
    ),
]
