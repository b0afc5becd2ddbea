"""Who may read, write and approve commitment plans.

Rules:
- A person reads and writes their own personal plan (through the user linked to
  their record). Nobody else writes it.
- `plans.view` (heads, secretaries, supervisors, board officers) reads the plans whose
  approving unit or whose owner's workplace lies in the scope.
- A personal plan is approved where its `unit` says: the party cell for a party member,
  the workplace for staff outside the Party (a unit's PlanSettings may send everyone to
  the workplace). `plans.approve` held on that unit or above approves it. A collective
  plan is approved by the level above (scope covering the unit's parent).
- Nobody approves their own plan (403); outside the view scope a plan does not exist
  (404); in scope without the permission the answer is 403.
- `plans.collective` on a unit writes that unit's collective plan.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from neuguong.core.access import APPROVE_PLAN, EDIT_COLLECTIVE_PLAN, VIEW_PLANS
from neuguong.organisations import tree
from neuguong.organisations.access import _valid_pk
from neuguong.organisations.access import active_person as own_person
from neuguong.organisations.models import Person, Unit
from neuguong.organisations.scopes import scope_for

from .models import ApproverChoice, CommitmentPlan, PlanSettings


def plans_visible_q(user) -> Q:
    scope = scope_for(user, VIEW_PLANS)
    person = own_person(user)
    q = Q(person_id=person.pk) if person else Q(pk__in=[])
    if scope.everything:
        return Q()
    if scope.prefixes:
        q |= scope.path_q(prefix="unit__path") | scope.path_q(prefix="workplace__path")
    return q


def approving_unit(person: Person) -> Unit | None:
    """Where `person`'s personal plan is approved."""
    workplace = person.workplace
    setting = (
        PlanSettings.objects.filter(unit_id=person.workplace_id).values_list("approver", flat=True)
    ).first() or ApproverChoice.DEFAULT
    if person.is_party_member and person.party_cell_id and setting != ApproverChoice.WORKPLACE:
        return person.party_cell
    return workplace or person.party_cell


def covers_for_approval(user, plan: CommitmentPlan) -> bool:
    scope = scope_for(user, APPROVE_PLAN)
    return scope.covers_path(approval_path(plan))


def approval_path(plan: CommitmentPlan) -> str:
    """The path an approver's scope must cover: the plan's unit, or for a collective plan
    the level above (a root unit's own)."""
    path = plan.unit.path
    if plan.is_collective and plan.unit.parent_id:
        path = tree.parent_path(path)
    return path


def can_write(user, plan: CommitmentPlan) -> bool:
    if plan.is_collective:
        return scope_for(user, EDIT_COLLECTIVE_PLAN).covers_path(plan.unit.path)
    person = own_person(user)
    return bool(person) and person.pk == plan.person_id


def get_plan_for_user(user, pk, action: str = "view") -> CommitmentPlan:
    """`action`: "view", "write" or "approve"."""
    pk = _valid_pk(pk)
    plan = (
        CommitmentPlan.objects.visible_to(user)
        .select_related("period", "person", "unit", "workplace")
        .filter(pk=pk)
        .first()
    )
    if plan is None:
        raise Http404
    if action == "write" and not can_write(user, plan):
        raise PermissionDenied
    if action == "approve" and not covers_for_approval(user, plan):
        raise PermissionDenied
    return plan
