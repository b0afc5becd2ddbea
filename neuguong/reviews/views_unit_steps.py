"""The steps on one review after the self-review: the meeting's comments and votes, the
assessment and proposed level, the decision, reopening a decided review and returning
a submitted one.

Wherever a level is set the page lists every rule for that level, each marked ✓ or ✗ in
text (checks.explain); with htmx choosing a level re-renders that list, without it the
"Xem kiểm tra" button does. A refusal shows the rule and its figures and changes
nothing. Outside the user's scope a review does not exist (404); in scope without the
right the answer is 403, and a decider's own review says why.
"""

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from neuguong.core.errors import ConflictError, DomainError
from neuguong.core.formflow import keep_input_after_conflict

from . import access, services
from .checks import Decision, best_allowed, evaluate
from .forms_unit import CommentsForm, DecideForm, ProposeForm, ReasonForm, parse_level
from .models import Level, ReviewMeeting, ReviewStatus, Track, short
from .rules.base import HTXS
from .unit_sheet import owner_name
from .views_unit import detail_prefix, sheet_url

PROPOSAL_RULES = ("disqualifier", "condition", "score")  # as services.propose_level


def _status(error: DomainError) -> int:
    return {"forbidden": 403, "conflict": 409}.get(error.code, error.status)


def _submit(request, form, action):
    """Run `action(cleaned_data)` on a valid POST: (result, status). A refusal goes on the
    form (on its field when it names one); after a conflict the typed input stays."""
    if request.method != "POST":
        return None, 200
    if not form.is_valid():
        return None, 400
    try:
        return action(form.cleaned_data), 200
    except ConflictError as error:
        keep_input_after_conflict(form, error.current.version)
        form.add_error(None, error.message)
        return None, 409
    except DomainError as error:
        form.add_error(error.field if error.field in form.fields else None, error.message)
        return None, _status(error)


def _score(value) -> Decimal | None:
    """A typed score to explain, or None when it is not a number from 0 to 100 (saving
    it then names the error)."""
    try:
        number = Decimal(str(value or "").strip().replace(",", "."))
    except InvalidOperation:
        return None
    return number if number.is_finite() and 0 <= number <= 100 else None


def explanation(review, level, *, score=None) -> dict:
    """Every check for `review` at `level`, each marked as refusing it or not (the same
    evaluation the services run), and the best level the rules allow."""
    decision = Decision(review, level, score)
    checks = evaluate([decision], explain=True).get(review.pk, [])
    refusing = {(c.code, c.message) for c in evaluate([decision]).get(review.pk, [])}
    lines = []
    for c in checks:
        refuses = (c.code, c.message) in refusing
        limits = not refuses and not c.ok and c.best <= 4
        # The proposal is checked against the review's own rules; the rest at the decision.
        at_decision = c.code.split(".")[0] not in PROPOSAL_RULES
        lines.append(
            {
                "check": c,
                "refuses": refuses,
                "limits": limits,
                "best": short(c.best) if c.best <= 4 else "",
                "at_decision": at_decision,
            }
        )
    best = best_allowed(checks)
    return {
        "lines": lines,
        "level": level,
        "level_label": Level(level).label if level else _("Không xếp loại"),
        "best": short(best) if best <= 4 else "",
        "refused": bool(refusing),
    }


def _summary(review) -> dict:
    """What every step page shows about the review."""
    self_level = review.self_level_party if review.track == Track.PARTY else review.self_level_staff
    return {
        "review": review,
        "owner": owner_name(review),
        "self_level": Level(self_level).label if self_level else "",
        "detail_prefix": detail_prefix(),
        "sheet": sheet_url(review.unit_id, review.period),
    }


def _chosen_level(request, review, default):
    """The level to explain: the one posted or asked for, else `default`."""
    raw = request.POST.get("level") if request.method == "POST" else request.GET.get("level")
    level = parse_level(raw) if raw not in (None, "") else default
    return level if level != "" else default


# The meeting's comments and votes -------------------------------------------------------


@login_required
def comments(request, pk):
    user = request.user
    review = access.get_review_for_user(user, pk, "assess")
    meetings = ReviewMeeting.objects.filter(unit_id=review.unit_id, period_id=review.period_id)
    initial = {
        "version": review.version,
        "meeting": review.meeting_id,
        "comments": review.collective_comments,
        "votes_htxs": review.votes_htxs,
        "votes_htt": review.votes_htt,
        "votes_htnv": review.votes_htnv,
        "votes_khtnv": review.votes_khtnv,
    }
    form = CommentsForm(request.POST or None, initial=initial, meetings=meetings)

    def save(data):
        return services.record_comments(
            review,
            by=user,
            version=data["version"],
            meeting=data["meeting"],
            comments=data["comments"],
            votes=form.votes(),
        )

    result, status = _submit(request, form, save)
    if result is not None:
        messages.success(
            request,
            _("Đã ghi ý kiến góp ý và kết quả biểu quyết cho %(owner)s.")
            % {"owner": owner_name(result)},
        )
        return redirect("reviews:propose", pk=result.pk)
    context = _summary(review) | {
        "form": form,
        "has_meetings": meetings.exists(),
        "open": review.status in (ReviewStatus.SUBMITTED, ReviewStatus.COMMENTED),
    }
    return render(request, "reviews/comments.html", context, status=status)


# The assessment and proposed level ------------------------------------------------------


@login_required
def propose(request, pk):
    user = request.user
    review = access.get_review_for_user(user, pk, "assess")
    scores = review.rule_set.rules().scores
    targets = review.is_leader or review.is_collective
    initial = {
        "version": review.version,
        "level": review.proposed_level,
        "assessment": review.assessment,
        "score": review.proposed_score if review.proposed_score is not None else review.self_score,
        "targets_met_percent": review.targets_met_percent,
    }
    form = ProposeForm(request.POST or None, initial=initial, scores=scores, targets=targets)
    preview = request.method == "POST" and "check" in request.POST
    status = 200
    if request.method == "POST" and not preview:

        def save(data):
            return services.propose_level(
                review,
                by=user,
                version=data["version"],
                level=data["level"],
                assessment=data["assessment"],
                score=data.get("score"),
                targets_met_percent=data.get("targets_met_percent"),
            )

        result, status = _submit(request, form, save)
        if result is not None:
            messages.success(
                request,
                _("Đã đề xuất mức %(level)s cho %(owner)s.")
                % {"level": result.proposed_short, "owner": owner_name(result)},
            )
            return redirect(sheet_url(result.unit_id, result.period))
    level = _chosen_level(request, review, review.proposed_level or HTXS)
    score = _score(request.POST.get("score")) if request.method == "POST" else None
    if request.method == "POST" and targets:
        typed = (request.POST.get("targets_met_percent") or "").strip()
        if typed.isdigit() and int(typed) <= 100:
            review.targets_met_percent = int(typed)
    checks = explanation(review, level, score=score)
    if request.htmx and request.method == "GET":
        return render(request, "reviews/decide_checks.html", {"explained": checks})
    context = _summary(review) | {
        "form": form,
        "explained": checks,
        "open": review.status in (ReviewStatus.COMMENTED, ReviewStatus.PROPOSED),
        "scores": scores,
    }
    return render(request, "reviews/propose.html", context, status=status)


# The decision ---------------------------------------------------------------------------


def _own_refusal(request, review, title: str):
    """A decider's own review: 403, saying why."""
    context = _summary(review) | {
        "refusal": _("Đồng chí không tự quyết định xếp loại, mở lại bản kiểm điểm của mình."),
        "title": title,
    }
    return render(request, "reviews/decide_refused.html", context, status=403)


def _for_decider(request, pk, title: str):
    review = access.get_review_for_user(request.user, pk, "view")
    if access.is_own(request.user, review):
        return review, _own_refusal(request, review, title)
    if not access.can_decide(request.user, review):
        raise PermissionDenied
    return review, None


@login_required
def decide(request, pk):
    user = request.user
    review, refused = _for_decider(request, pk, _("Quyết định xếp loại"))
    if refused:
        return refused
    initial = {"level": review.proposed_level}
    form = DecideForm(request.POST or None, initial=initial)
    preview = request.method == "POST" and "check" in request.POST
    status, error = 200, None
    if request.method == "POST" and not preview:
        if form.is_valid():
            level = parse_level(form.cleaned_data["level"])
            try:
                review = services.decide_level(
                    review,
                    by=user,
                    level=level,
                    note=form.cleaned_data["note"],
                    not_rated=level is None,
                )
            except DomainError as refusal:
                error, status = refusal.message, _status(refusal)
                form.add_error("level", refusal.message)
            else:
                messages.success(
                    request,
                    _("Đã quyết định xếp loại %(owner)s: %(level)s.")
                    % {
                        "owner": owner_name(review),
                        "level": review.decided_short or _("không xếp loại"),
                    },
                )
                return redirect("reviews:decide", pk=review.pk)
        else:
            status = 400
    level = _chosen_level(request, review, review.proposed_level or HTXS)
    checks = explanation(review, level)
    if request.htmx and request.method == "GET":
        return render(request, "reviews/decide_checks.html", {"explained": checks})
    context = _summary(review) | {
        "form": form,
        "explained": checks,
        "error": error,
        "open": review.status == ReviewStatus.PROPOSED,
    }
    return render(request, "reviews/decide.html", context, status=status)


@login_required
def reopen(request, pk):
    user = request.user
    review, refused = _for_decider(request, pk, _("Mở lại bản kiểm điểm"))
    if refused:
        return refused
    form = ReasonForm(
        request.POST or None,
        initial={"version": review.version},
        label=_("Lý do mở lại"),
        required_message=_("Hãy ghi lý do mở lại."),
        versioned=False,
    )

    def save(data):
        return services.reopen_review(review, by=user, reason=data["reason"])

    result, status = _submit(request, form, save)
    if result is not None:
        messages.success(
            request,
            _("Đã mở lại bản kiểm điểm của %(owner)s; mức %(level)s vẫn được tính cho đến khi "
              "quyết định lại.")
            % {"owner": owner_name(result), "level": result.decided_short or _("không xếp loại")},
        )  # fmt: skip
        return redirect("reviews:decide", pk=result.pk)
    context = _summary(review) | {
        "form": form,
        "mode": "reopen",
        "open": review.status == ReviewStatus.DECIDED,
    }
    return render(request, "reviews/reopen.html", context, status=status)


@login_required
def give_back(request, pk):
    user = request.user
    review = access.get_review_for_user(user, pk, "assess")
    form = ReasonForm(
        request.POST or None,
        initial={"version": review.version},
        label=_("Lý do trả lại"),
        required_message=_("Hãy ghi lý do trả lại."),
    )

    def save(data):
        return services.return_review(
            review, by=user, version=data["version"], reason=data["reason"]
        )

    result, status = _submit(request, form, save)
    if result is not None:
        messages.success(
            request,
            _("Đã trả lại bản kiểm điểm cho %(owner)s kèm lý do.") % {"owner": owner_name(result)},
        )
        return redirect(sheet_url(result.unit_id, result.period))
    context = _summary(review) | {
        "form": form,
        "mode": "return",
        "open": review.status == ReviewStatus.SUBMITTED,
    }
    return render(request, "reviews/reopen.html", context, status=status)
