"""Rows of the page access matrix for the commitment-plan pages.

Two parts, written by the two page helpers: `_writer_rows` (a person's own plan pages)
and `_approval_rows` (secretaries' and heads' pages). Each makes its own data; the
approval rows use a person of their own so the two never meet on one plan.
"""

from conftest import PERSONAS
from neuguong.organisations.tests.test_access_matrix import (
    EVERYONE,
    FORBIDDEN,
    GONE,
    MOVED,
    OK,
    SEES_SCHOOL,
    as_post,
)

BAD = 400
NOBODY = dict.fromkeys(PERSONAS, FORBIDDEN)


def rows(province, period) -> dict:
    return (
        _writer_rows(province, period)
        | _approval_rows(province, period)
        | _file_rows(province, period)
    )


# The person's own plan pages ---------------------------------------------------------


# Who may read the member's plans in `period`, and who writes them (the member only:
# readers get 403, those who cannot read them 404).
READS_MEMBERS_PLAN = SEES_SCHOOL | {"propaganda": GONE}
WRITES_MEMBERS_PLAN = NOBODY | {"member": OK, "outsider": GONE, "propaganda": GONE}


def _writer_rows(province, period) -> dict:
    from neuguong.commitments.factories import make_plan
    from neuguong.commitments.models import Evidence, PlanStatus

    # The member's approved version 1 and the draft version 2 amending it. A post with
    # no body reaches the handler only for the member, who gets 400 (nothing changed).
    member = province.people.member
    approved = make_plan(member, period, status=PlanStatus.APPROVED)
    draft = make_plan(member, period, number=2)
    task = approved.tasks.get()
    # A file name that is not on disk: deleting it touches nothing.
    evidence = Evidence.objects.create(
        task=task, file="evidence/access-matrix/none.pdf", name="b.pdf", kind="pdf", size=1,
        sha256="1" * 64,
    )  # fmt: skip
    posts = as_post(WRITES_MEMBERS_PLAN, BAD)
    deletes = as_post(WRITES_MEMBERS_PLAN)
    starts = dict.fromkeys(PERSONAS, MOVED) | {"member": 409}
    pk, task_pk = {"pk": draft.pk}, {"pk": task.pk}
    return {
        "commitments:my_plan": ({}, "", "get", EVERYONE),
        # Everyone else starts their own plan (or, without a person record, is sent back
        # to "my plan"); the member already has one this period.
        "commitments:plan_start": ({}, "", "post", starts),
        "commitments:plan": (pk, "", "get", READS_MEMBERS_PLAN),
        "commitments:plan_compare": (pk, "", "get", READS_MEMBERS_PLAN),
        "commitments:plan_edit": (pk, "", "get", WRITES_MEMBERS_PLAN),
        "commitments:plan_autosave": (pk, "", "post", posts),
        "commitments:plan_submit": (pk, "", "post", posts),
        "commitments:plan_amend": ({"pk": approved.pk}, "", "post", posts),
        "commitments:task_progress": (task_pk, "", "post", posts),
        "commitments:task_evidence": (task_pk, "", "post", posts),
        "commitments:evidence_delete": ({"pk": evidence.pk}, "", "post", deletes),
    }


# Approvals, collective plans and settings -------------------------------------------


# Who may see Tổ Toán's plans and pages: everyone but the outsider; the member and
# propaganda without `plans.view` (403).
VIEWS_MATHS = SEES_SCHOOL | {"member": FORBIDDEN, "propaganda": FORBIDDEN}


def _approval_rows(province, period) -> dict:
    from neuguong.commitments.factories import make_plan
    from neuguong.commitments.models import PlanStatus
    from neuguong.organisations.factories import make_person

    # A person of their own (an official party member of Tổ Toán at the school), so
    # this submitted plan meets no other row's plan.
    teacher = make_person("Ngô Văn Toán", workplace=province.school, party_cell=province.maths)
    plan = make_plan(teacher, period, status=PlanStatus.SUBMITTED)
    # `plans.approve` holders get 400 for a post with nothing selected.
    approvers = NOBODY | {"secretary": BAD, "unit_head": BAD, "admin": BAD, "outsider": BAD}
    # Thôn Đông's collective plan: started by the head of Hòa An and the admin; the
    # officers see the cell (403); the others do not (404).
    starts_dong = dict.fromkeys(PERSONAS, GONE) | {
        "unit_head": MOVED,
        "admin": MOVED,
        "org_officer": FORBIDDEN,
        "inspection": FORBIDDEN,
        "propaganda": FORBIDDEN,
    }
    # The school's setting: its head, and `org.manage` holders.
    settles_school = NOBODY | {"unit_head": OK, "org_officer": OK, "admin": OK, "outsider": GONE}
    return {
        "commitments:index": ({}, "", "get", dict.fromkeys(PERSONAS, MOVED)),
        "commitments:people": (
            {},
            "",
            "get",
            EVERYONE | {"member": FORBIDDEN, "propaganda": FORBIDDEN},
        ),
        "commitments:approve_many": ({}, "", "post", approvers),
        "commitments:approve": (
            {"pk": plan.pk},
            "",
            "get",
            NOBODY
            | {"member": GONE, "outsider": GONE, "propaganda": GONE}
            | {"secretary": OK, "unit_head": OK, "admin": OK},
        ),
        "commitments:unit_plan": ({"pk": province.maths.pk}, "", "get", VIEWS_MATHS),
        "commitments:unit_plan_start": ({"pk": province.dong.pk}, "", "post", starts_dong),
        "commitments:settings": ({"pk": province.school.pk}, "", "get", settles_school),
    }


# Files: a plan as Word, a unit's plans as Excel, evidence ------------------------------

# Whoever may view the member's plan: themselves and every `plans.view` holder over
# Tổ Toán or the school (propaganda has no `plans.view`).
SEES_PLAN = SEES_SCHOOL | {"propaganda": GONE}
# The workbook of Tổ Toán: `plans.view` on it; the member and propaganda see the cell
# without that permission (403); the outsider does not see it (404).
EXPORTS_MATHS = SEES_SCHOOL | {"member": FORBIDDEN, "propaganda": FORBIDDEN}
EVIDENCE_NAME = "evidence/access-matrix/evidence.pdf"


def _file_rows(province, period) -> dict:
    from datetime import date

    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from neuguong.commitments.factories import make_plan
    from neuguong.commitments.models import Evidence
    from neuguong.regulations.models import Period

    # A period of its own, so that this plan of the member meets no other row's plan.
    files_period = Period.objects.create(
        name="Kỳ thử tệp 2025", starts_on=date(2025, 1, 1), ends_on=date(2025, 12, 31)
    )
    plan = make_plan(province.people.member, files_period)
    # One small file, written once (the matrix rolls back the rows, not the disk).
    name = EVIDENCE_NAME
    if not default_storage.exists(name):
        name = default_storage.save(name, ContentFile(b"%PDF-1.4\n%%EOF\n"))
    evidence = Evidence.objects.create(
        task=plan.tasks.first(), file=name, name="a.pdf", kind="pdf", size=14, sha256="0" * 64
    )
    query = f"?unit={province.maths.pk}&period={period.pk}"
    return {
        "commitments:plan_docx": ({"pk": plan.pk}, "", "get", SEES_PLAN),
        "commitments:plans_xlsx": ({}, query, "get", EXPORTS_MATHS),
        "commitments:evidence_file": ({"pk": evidence.pk}, "", "get", SEES_PLAN),
    }
