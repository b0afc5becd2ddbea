"""Roles and what each may do.

Rules:
- A role is held on a unit and covers that unit and every unit below it
  (organisations.models.RoleAssignment). A supervisor's role instead covers the
  units tagged with the sectors and areas assigned to them, and the units below those.
- Every signed-in user linked to a person is a member: they see their own record and
  the units they belong to (workplace and party cell), and nothing else by that role.
- A permission code names an action. `ROLE_PERMISSIONS` says which roles grant it;
  the scope in which it is granted is the union of the units of those roles.
- Outside the scope an object does not exist (404). Inside the scope of some
  permission but without the one needed, the answer is 403.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    SECRETARY = "secretary", _("Bí thư chi bộ, cấp ủy")
    UNIT_HEAD = "unit_head", _("Thủ trưởng đơn vị")
    SUPERVISOR = "supervisor", _("Ủy viên Ban Thường vụ phụ trách")
    ORG_OFFICER = "org_officer", _("Cán bộ Ban Tổ chức")
    INSPECTION = "inspection", _("Cán bộ Ủy ban Kiểm tra")
    PROPAGANDA = "propaganda", _("Cán bộ Ban Tuyên giáo và Dân vận")
    ADMIN = "admin", _("Quản trị hệ thống")


MEMBER = "member"

# Permission codes.
VIEW_UNITS = "org.view_units"
VIEW_PEOPLE = "org.view_people"
MANAGE_ORG = "org.manage"
VIEW_AUDIT = "audit.view"
MANAGE_ROLES = "roles.manage"
# The programme and the ethics codes (issue 3).
MANAGE_PROGRAMME = "programme.manage"  # regulations library, periods and themes
EDIT_CODE = "codes.edit"  # write, submit, publish and evaluate a unit's code
APPROVE_CODE = "codes.approve"  # approve or return the code of a unit *below* one's own
MARK_EXEMPLARY = "codes.exemplary"
VIEW_CODE_STATUS = "codes.status"  # the roll-up of codes over a subtree
# Commitment plans (issue 4). A person always reads and writes their own plan.
VIEW_PLANS = "plans.view"  # read the plans of people and units in scope
APPROVE_PLAN = "plans.approve"  # approve or return plans (see commitments/access.py)
EDIT_COLLECTIVE_PLAN = "plans.collective"  # write a unit's or cell's collective plan
# Reviews and ratings (issue 5). A person always reads and writes their own review.
VIEW_REVIEWS = "reviews.view"  # read the reviews of people and units in scope
ASSESS_REVIEW = "reviews.assess"  # hold the meeting, comment, propose a level
DECIDE_REVIEW = "reviews.decide"  # decide a level as the competent level (see reviews/access.py)
MANAGE_PENDING = "reviews.pending"  # add and settle the matters that block a rating
MANAGE_DISCIPLINE = "discipline.manage"  # keep discipline records and findings
# Dashboards and periodic reports (issue 6).
VIEW_DASHBOARD = "dashboards.view"  # the roll-up figures of a subtree and the lists behind
WRITE_REPORT = "reports.write"  # write and submit the periodic report of one's own unit

_LEAD = {
    VIEW_UNITS,
    VIEW_PEOPLE,
    EDIT_CODE,
    APPROVE_CODE,
    VIEW_CODE_STATUS,
    VIEW_PLANS,
    APPROVE_PLAN,
    EDIT_COLLECTIVE_PLAN,
    VIEW_REVIEWS,
    ASSESS_REVIEW,
    DECIDE_REVIEW,
    VIEW_DASHBOARD,
    WRITE_REPORT,
}
ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    MEMBER: frozenset({VIEW_UNITS, VIEW_PEOPLE}),
    Role.SECRETARY: frozenset(_LEAD),
    Role.UNIT_HEAD: frozenset(_LEAD),
    Role.SUPERVISOR: frozenset(
        {VIEW_UNITS, VIEW_PEOPLE, VIEW_CODE_STATUS, VIEW_PLANS, VIEW_REVIEWS, VIEW_DASHBOARD}
    ),
    Role.ORG_OFFICER: frozenset(
        {VIEW_UNITS, VIEW_PEOPLE, MANAGE_ORG, VIEW_AUDIT, VIEW_CODE_STATUS, VIEW_PLANS}
        | {VIEW_REVIEWS, DECIDE_REVIEW, MANAGE_PENDING, VIEW_DASHBOARD, WRITE_REPORT}
    ),
    Role.INSPECTION: frozenset(
        {VIEW_UNITS, VIEW_PEOPLE, VIEW_CODE_STATUS, VIEW_PLANS}
        | {VIEW_REVIEWS, MANAGE_PENDING, MANAGE_DISCIPLINE, VIEW_DASHBOARD, WRITE_REPORT}
    ),
    Role.PROPAGANDA: frozenset(
        {
            VIEW_UNITS,
            VIEW_PEOPLE,
            MANAGE_PROGRAMME,
            APPROVE_CODE,
            MARK_EXEMPLARY,
            VIEW_CODE_STATUS,
            VIEW_DASHBOARD,
            WRITE_REPORT,
        }
    ),
    Role.ADMIN: frozenset(
        {VIEW_UNITS, VIEW_PEOPLE, MANAGE_ORG, VIEW_AUDIT, MANAGE_ROLES, MANAGE_PROGRAMME}
        | {VIEW_CODE_STATUS, VIEW_PLANS, VIEW_REVIEWS, VIEW_DASHBOARD}
    ),
}

ALL_PERMISSIONS = frozenset().union(*ROLE_PERMISSIONS.values())


def roles_granting(perm: str) -> list[str]:
    return [role for role, perms in ROLE_PERMISSIONS.items() if perm in perms]
