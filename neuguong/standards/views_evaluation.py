"""The year-end evaluation of a unit's published code: each item met, partly met or
not met, with evidence; saved as it goes, then decided and locked."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from neuguong.core.access import EDIT_CODE
from neuguong.core.errors import ConflictError, DomainError
from neuguong.organisations.access import get_unit_for_user

from . import services
from .access import (
    can_edit,
    get_evaluation_for_user,
)
from .forms import (
    EvaluationForm,
    evaluation_initial,
)
from .models import (
    CodeEvaluation,
    EthicsCode,
)
from .views import _keep_input, _period, _status, _trail

# Year-end evaluation ---------------------------------------------------------------


@login_required
@require_POST
def evaluation_start(request, pk):
    user = request.user
    unit = get_unit_for_user(user, pk, EDIT_CODE)
    period = _period(request)
    code = services.current_version(unit.pk) or EthicsCode.objects.filter(unit=unit).first()
    back = redirect("standards:unit_codes", pk=unit.pk)
    if period is None:
        messages.error(request, _("Chưa có kỳ thực hiện nào."))
        return back
    if code is None:
        messages.error(request, _("Chỉ đánh giá được chuẩn mực đang áp dụng (đã công bố)."))
        return back
    try:
        evaluation = services.start_evaluation(code, by=user, period=period)
    except DomainError as error:
        messages.error(request, error.message)
        return back
    return redirect("standards:evaluation", pk=evaluation.pk)


def _save_evaluation(evaluation, form, *, by, decide: bool):
    data = form.cleaned_data
    with transaction.atomic():  # a refused decision keeps nothing of the save either
        saved = services.save_evaluation(
            evaluation, by=by, version=data["version"], results=form.results(),
            overall=data["overall"], comment=data["comment"],
        )  # fmt: skip
        if decide:
            saved = services.decide_evaluation(saved, by=by, version=saved.version)
    return saved


@login_required
def evaluation(request, pk):
    user = request.user
    evaluation = get_evaluation_for_user(user, pk)
    editor = can_edit(user, evaluation.unit)
    if request.method == "POST" and not editor:
        raise PermissionDenied
    editable = editor and not evaluation.is_decided
    rows = list(evaluation.items.select_related("item"))
    initial = evaluation_initial(evaluation, rows)
    form = EvaluationForm(request.POST or None, rows=rows, initial=initial)
    status, error = 200, None
    if request.method == "POST":
        decide = request.POST.get("action") == "decide"
        if decide and not request.POST.get("confirm"):
            form.add_error("confirm", _("Hãy đánh dấu xác nhận trước khi chốt kết quả."))
        if form.is_valid():
            try:
                _save_evaluation(evaluation, form, by=user, decide=decide)
            except ConflictError as e:
                _keep_input(form, CodeEvaluation.objects.get(pk=evaluation.pk).version)
                status, error = 409, e.message
            except DomainError as e:
                form.add_error(e.field if e.field in form.fields else None, e.message)
                status, error = _status(e), e.message
            else:
                done = _("Đã chốt kết quả đánh giá.") if decide else _("Đã lưu bản đánh giá.")
                messages.success(request, done)
                return redirect("standards:evaluation", pk=evaluation.pk)
        else:
            status = 400
            error = _("Chưa lưu được. Hãy xem các thông báo dưới đây.")
    context = {
        "evaluation": evaluation,
        "unit": evaluation.unit,
        "form": form,
        "rows": rows,
        "editable": editable,
        "error": error,
        "trail": _trail(
            user,
            evaluation.unit,
            (
                reverse("standards:evaluation", args=[evaluation.pk]),
                _("Đánh giá %(period)s") % {"period": evaluation.period},
            ),
        ),
    }
    return render(request, "standards/evaluation.html", context, status=status)
