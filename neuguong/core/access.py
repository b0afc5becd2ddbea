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
    ADMIN = "admin", _("Quản trị hệ thống")


MEMBER = "member"

# Permission codes.
VIEW_UNITS = "org.view_units"
VIEW_PEOPLE = "org.view_people"
MANAGE_ORG = "org.manage"
VIEW_AUDIT = "audit.view"
MANAGE_ROLES = "roles.manage"

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    MEMBER: frozenset({VIEW_UNITS, VIEW_PEOPLE}),
    Role.SECRETARY: frozenset({VIEW_UNITS, VIEW_PEOPLE}),
    Role.UNIT_HEAD: frozenset({VIEW_UNITS, VIEW_PEOPLE}),
    Role.SUPERVISOR: frozenset({VIEW_UNITS, VIEW_PEOPLE}),
    Role.ORG_OFFICER: frozenset({VIEW_UNITS, VIEW_PEOPLE, MANAGE_ORG, VIEW_AUDIT}),
    Role.INSPECTION: frozenset({VIEW_UNITS, VIEW_PEOPLE}),
    Role.ADMIN: frozenset({VIEW_UNITS, VIEW_PEOPLE, MANAGE_ORG, VIEW_AUDIT, MANAGE_ROLES}),
}

ALL_PERMISSIONS = frozenset().union(*ROLE_PERMISSIONS.values())


def roles_granting(perm: str) -> list[str]:
    return [role for role, perms in ROLE_PERMISSIONS.items() if perm in perms]
