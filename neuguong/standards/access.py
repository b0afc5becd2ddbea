"""Who may do what with a unit's ethics code.

Rules:
- A code is visible wherever its unit is (`org.view_units`): members see the codes of
  their workplace and party cell.
- `codes.edit` (secretaries, unit heads) on the unit: start, edit, submit, publish
  and evaluate its code.
- `codes.approve` is held *above* the unit: the approver's scope must cover the
  unit's parent (a root unit, having no parent, is approved by holders on the root).
  Nobody approves the code of the unit they work or hold party membership in, nor a
  version they submitted themselves.
- Outside the view scope a code does not exist (404); in view scope without the
  permission the answer is 403.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from neuguong.core.access import APPROVE_CODE, EDIT_CODE, VIEW_UNITS
from neuguong.organisations import tree
from neuguong.organisations.access import _valid_pk, active_person
from neuguong.organisations.models import Unit
from neuguong.organisations.scopes import scope_for

from .models import CodeEvaluation, EthicsCode


def parent_path(unit: Unit) -> str:
    """The path an approver's scope must cover: the parent's (a root's own)."""
    return tree.parent_path(unit.path) if unit.parent_id else unit.path


def own_unit_message() -> str:
    return _(
        "Bạn không thể phê duyệt chuẩn mực đạo đức của chính đơn vị, chi bộ mình; "
        "việc này do cấp trên trực tiếp thực hiện."
    )


def can_edit(user, unit: Unit) -> bool:
    return scope_for(user, EDIT_CODE).covers_path(unit.path)


def covers_for_approval(user, unit: Unit) -> bool:
    return scope_for(user, APPROVE_CODE).covers_path(parent_path(unit))


def approval_refusal(user, code: EthicsCode) -> str | None:
    """Why `user` may not approve `code` (in scope), or None if they may."""
    person = active_person(user)
    if person and code.unit_id in (person.workplace_id, person.party_cell_id):
        return own_unit_message()
    if code.submitted_by_id and code.submitted_by_id == user.pk:
        return _("Bạn không thể phê duyệt phiên bản do chính mình trình.")
    return None


def _fetch(user, pk, model, related):
    pk = _valid_pk(pk)
    obj = model.objects.select_related(*related).filter(pk=pk).first()
    if obj is None or not Unit.objects.visible_to(user, VIEW_UNITS).filter(pk=obj.unit_id).exists():
        raise Http404
    return obj


def get_code_for_user(user, pk, perm: str = VIEW_UNITS) -> EthicsCode:
    code = _fetch(user, pk, EthicsCode, ["unit", "period", "based_on__unit"])
    if perm == EDIT_CODE and not can_edit(user, code.unit):
        raise PermissionDenied
    if perm == APPROVE_CODE and not covers_for_approval(user, code.unit):
        raise PermissionDenied
    return code


def get_evaluation_for_user(user, pk, perm: str = VIEW_UNITS) -> CodeEvaluation:
    evaluation = _fetch(user, pk, CodeEvaluation, ["unit", "period", "code"])
    if perm == EDIT_CODE and not can_edit(user, evaluation.unit):
        raise PermissionDenied
    return evaluation
