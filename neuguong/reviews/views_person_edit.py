"""The self-review editor: write the review (sections, points, key tasks, self-ratings,
figures) and submit it. Shares the review page and its helpers with views_person.py.

A save from a stale tab is a conflict (409): the typed input stays in the form and the
next save is based on the current row. A refused submit keeps neither the save nor the
submit, and the editor lists what is missing.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from neuguong.commitments.models import CommitmentPlan
from neuguong.core.errors import ConflictError, DomainError
from neuguong.core.formflow import keep_input_after_conflict
from neuguong.organisations.forms import parse_pk

from . import services
from .access import get_review_for_user
from .forms import SelfReviewForm, is_nd335
from .models import Review
from .views_person import (
    TaskRow,
    approved_plan,
    error_status,
    render_review,
    review_header,
    task_rows,
)


@dataclass
class Editor:
    review: Review
    plan: CommitmentPlan | None
    points: list
    tasks: list[TaskRow]

    @classmethod
    def load(cls, review: Review) -> "Editor":
        plan = approved_plan(review)
        return cls(review, plan, list(review.points.all()), task_rows(review, plan))

    def form(self, data=None) -> SelfReviewForm:
        initial = SelfReviewForm.initial_for(self.review, self.points, self.tasks)
        return SelfReviewForm(
            data, initial=initial, review=self.review, points=self.points, tasks=self.tasks
        )


def _locked(review: Review) -> str:
    return _("Bản kiểm điểm đã nộp (%(status)s) nên không sửa được nữa.") % {
        "status": review.get_status_display()
    }


def _render_edit(
    request, editor: Editor, form, *, error="", conflict=False, missing=(), status=200
):
    context = {
        "review": editor.review,
        "plan": editor.plan,
        "header": review_header(editor.review),
        "form": form,
        "nd335": is_nd335(editor.review),
        "error": error,
        "conflict": conflict,
        "missing": missing,
    }
    return render(request, "reviews/review_edit.html", context, status=status)


INVALID = gettext_lazy("Chưa lưu được. Hãy xem các thông báo dưới đây.")


def _save(request, review: Review, form) -> tuple[Review | None, dict]:
    """Save the posted form; on a refusal, what the editor shows (and the status)."""
    if not form.is_valid():
        return None, {"error": INVALID, "status": 400}
    try:
        saved = services.save_self_review(
            review,
            by=request.user,
            version=form.cleaned_data["version"],
            data=form.data_for_service(),
        )
    except ConflictError as error:
        keep_input_after_conflict(form, error.current.version)
        return None, {"error": error.message, "conflict": True, "status": 409}
    except DomainError as error:
        form.place(error)
        return None, {"error": error.message, "status": error_status(error)}
    return saved, {}


@login_required
def edit(request, pk):
    review = get_review_for_user(request.user, pk, "write")
    if not review.is_self_editable:
        return render_review(request, review, error=_locked(review), status=400)
    editor = Editor.load(review)
    if request.method != "POST":
        return _render_edit(request, editor, editor.form())
    form = editor.form(request.POST)
    saved, refusal = _save(request, review, form)
    if saved is None:
        return _render_edit(request, editor, form, **refusal)
    messages.success(request, _("Đã lưu bản kiểm điểm."))
    return redirect("reviews:edit", pk=review.pk)


class _Refused(Exception):
    """Rolls back the save of a refused submit, carrying what to show."""

    def __init__(self, refusal: dict):
        self.refusal = refusal


def _save_and_submit(request, review: Review, form) -> Review:
    """Save the editor's input (if posted from it), then submit; a refusal of either
    keeps neither and raises _Refused."""
    user = request.user
    with transaction.atomic():
        version = parse_pk(request.POST.get("version"))
        if form is not None:
            saved, refusal = _save(request, review, form)
            if saved is None:
                raise _Refused(refusal)
            review, version = saved, saved.version
        if version is None:
            raise _Refused({"error": _("Thiếu hoặc sai phiên bản bản ghi; hãy mở lại trang.")})
        try:
            return services.submit_review(review, by=user, version=version)
        except ConflictError as error:
            if form is not None:
                keep_input_after_conflict(form, error.current.version)
            raise _Refused({"error": error.message, "conflict": True, "status": 409}) from None
        except DomainError as error:
            missing = services.missing_parts(review) if error.code == "incomplete" else []
            refusal = {"status": error_status(error), "missing": missing}
            refusal["error"] = (
                _("Chưa nộp được: bản kiểm điểm còn thiếu những phần dưới đây.")
                if missing
                else error.message
            )
            raise _Refused(refusal) from None


@login_required
@require_POST
def submit(request, pk):
    """Posted from the editor (with the whole form: saved first) or from the review
    page (with its version only)."""
    review = get_review_for_user(request.user, pk, "write")
    if not review.is_self_editable:
        return render_review(request, review, error=_locked(review), status=400)
    editor = Editor.load(review) if "editor" in request.POST else None
    form = editor.form(request.POST) if editor else None
    try:
        review = _save_and_submit(request, review, form)
    except _Refused as refused:
        refusal = {"status": 400} | refused.refusal
        review = get_review_for_user(request.user, pk, "write")
        if form is None:
            refusal.pop("conflict", None)
            return render_review(request, review, **refusal)
        editor.review = review
        return _render_edit(request, editor, form, **refusal)
    messages.success(request, _("Đã nộp bản kiểm điểm; bản kiểm điểm chờ chi bộ, đơn vị góp ý."))
    return redirect("reviews:detail", pk=review.pk)
