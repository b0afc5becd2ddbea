"""The rules applied to a rating: gather the facts of many reviews at once, run each
review's rule module, then the checks across reviews (quota, ceilings, order, pending
matters). Used alike for one decision, a rating sheet and a province-wide pass.

A decision is a (review, level) pair, where level None means "not rated". `evaluate`
returns, per review, the checks that refuse the decision; `explain` returns every check
for one review and level, to show wherever a rating is set.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from neuguong.organisations.models import Post, Unit

from .models import (
    Discipline,
    Finding,
    PendingMatter,
    PointLevel,
    Review,
    ReviewPoint,
    ReviewStatus,
    ReviewTask,
    Subject,
    Track,
    short,
)
from .rules.base import HTT, HTXS, Check, Facts


@dataclass
class Decision:
    review: Review
    level: int | None  # None: not rated
    score: Decimal | None = None
    note: str | None = None  # this decision's own note (decide_many: else the batch's)


def _rules(review):
    cache = _rules.cache
    key = review.rule_set_id
    if key not in cache or cache[key].rule_set.params != review.rule_set.params:
        cache[key] = review.rule_set.rules()
    return cache[key]


_rules.cache = {}


def gather_facts(reviews: list[Review], scores: dict[int, Decimal | None]) -> dict[int, Facts]:
    """Facts of each review, read with a fixed number of queries for the whole list."""
    from .points import point_label

    ids = [r.pk for r in reviews]
    period = reviews[0].period if reviews else None
    facts = {
        r.pk: Facts(
            is_collective=r.is_collective,
            is_leader=r.is_leader,
            targets_met_percent=r.targets_met_percent,
            general_score=r.general_score,
            months_worked=r.months_worked,
            maternity_leave=r.maternity_leave,
        )
        for r in reviews
    }
    if not ids:
        return facts
    for chunk in _chunks(ids):
        for review_id, code in (
            ReviewPoint.objects.filter(review_id__in=chunk, self_level=PointLevel.POOR)
            .order_by("review_id", "order")  # a review's points in order, with no joins
            .values_list("review_id", "code")
        ):
            facts[review_id].poor_points.append(point_label(code))
        for row in (
            ReviewTask.objects.filter(review_id__in=chunk)
            .order_by()
            .values("review_id")
            .annotate(
                total=Count("pk"),
                on_time=Count("pk", filter=Q(on_time=True)),
                quality=Count("pk", filter=Q(quality_ok=True)),
                exceeded=Count("pk", filter=Q(exceeded=True)),
                done=Count("pk", filter=Q(done_percent__gte=100)),
                poor=Count("pk", filter=Q(self_level=PointLevel.POOR)),
            )
        ):
            f = facts[row["review_id"]]
            f.tasks_total, f.tasks_on_time = row["total"], row["on_time"]
            f.tasks_quality, f.tasks_exceeded = row["quality"], row["exceeded"]
            f.tasks_done = row["done"]
            if row["poor"]:
                f.poor_points.append(_("%(n)s nhiệm vụ trọng tâm") % {"n": row["poor"]})
    # NĐ 335 scores the tasks themselves.
    scored = [r.pk for r in reviews if r.rule_set.module.endswith("nd335") and r.person_id]
    for chunk in _chunks(scored):
        for task in ReviewTask.objects.filter(review_id__in=chunk).order_by("review_id", "order"):
            facts[task.review_id].tasks.append(task)
    # Discipline and findings of the people, in the period.
    by_person = defaultdict(list)
    for r in reviews:
        if r.person_id:
            by_person[r.person_id].append(r.pk)
    person_ids = list(by_person)
    for chunk in _chunks(person_ids):
        for d in Discipline.objects.in_period(period).filter(person_id__in=chunk):
            for rid in by_person[d.person_id]:
                facts[rid].disciplines.append(d)
        for f in Finding.objects.filter(
            person_id__in=chunk,
            concluded_on__gte=period.starts_on,
            concluded_on__lte=period.ends_on,
        ):
            for rid in by_person[f.person_id]:
                facts[rid].findings.append(f)
    for r in reviews:
        if r.is_collective:
            _collective_facts(r, facts[r.pk])
        rules = _rules(r)
        facts[r.pk].score = rules.score(facts[r.pk], scores.get(r.pk))
    return facts


def _collective_facts(review: Review, f: Facts) -> None:
    period, unit = review.period, review.unit
    children = list(Unit.objects.filter(parent=unit, is_active=True).values_list("pk", flat=True))
    f.sub_units_total = len(children)
    f.sub_units_disciplined = (
        Discipline.objects.in_period(period)
        .counting()
        .filter(unit_id__in=children)
        .values("unit_id")
        .distinct()
        .count()
    )
    leaders = Post.objects.filter(unit=unit, end_date__isnull=True).filter(
        Q(is_head=True) | Q(is_deputy=True)
    )
    f.leadership_disciplined = sorted(
        {
            d.person.full_name
            for d in Discipline.objects.in_period(period)
            .counting()
            .filter(person_id__in=leaders.values("person_id"))
            .select_related("person")
        }
    )
    from neuguong.standards.models import CodeEvaluation, EvaluationStatus

    f.code_evaluation = CodeEvaluation.objects.filter(
        unit=unit, period=period, status=EvaluationStatus.DECIDED
    ).first()
    f.findings = list(
        Finding.objects.filter(
            unit=unit, concluded_on__gte=period.starts_on, concluded_on__lte=period.ends_on
        )
    )


def _chunks(items, size=900):
    items = list(items)
    for i in range(0, len(items), size):
        yield items[i : i + size]


# -- checks across reviews ------------------------------------------------------------


def quota_max(htt: int, percent: int) -> int:
    return htt * percent // 100


def _quota_checks(decisions: list[Decision], explain: bool) -> dict[int, list[Check]]:
    """HTXS at most `quota_percent` of HTT in each group, on the state after every
    decision in the batch (the caller holds the groups' locks)."""
    out = defaultdict(list)
    if not decisions:
        return out
    period = decisions[0].review.period
    keys = {d.review.quota_key for d in decisions}
    counts = Counter()
    for key_chunk in _chunks(keys, 500):
        for key, level, n in (
            Review.objects.filter(period=period, quota_key__in=key_chunk)
            .exclude(decided_level__isnull=True)
            .order_by()
            .values_list("quota_key", "decided_level")
            .annotate(n=Count("pk"))
        ):
            counts[(key, level)] += n
    before = Counter(counts)
    for d in decisions:
        old = d.review.decided_level
        if old:
            counts[(d.review.quota_key, old)] -= 1
            before[(d.review.quota_key, old)] -= 1
        if d.level:
            counts[(d.review.quota_key, d.level)] += 1
    by_key = defaultdict(list)
    for d in decisions:
        by_key[d.review.quota_key].append(d)
    for key, group in by_key.items():
        htxs, htt = counts[(key, HTXS)], counts[(key, HTT)]
        params = _rules(group[0].review).params
        percent = params["quota_percent"]
        most = quota_max(htt, percent)
        ok = htxs <= most
        if ok and not explain:
            continue
        label = group[0].review.quota_label
        if ok:
            message = _(
                "%(group)s: %(htxs)s HTXS trên %(htt)s HTT; tối đa %(most)s HTXS "
                "(không quá %(percent)s%% số HTT)."
            )
        elif any(d.level == HTXS for d in group):
            message = _(
                "%(group)s: đã có %(had)s HTXS trên %(htt)s HTT; tối đa %(most)s HTXS "
                "(không quá %(percent)s%% số HTT)."
            )
        else:
            message = _(
                "%(group)s: sẽ chỉ còn %(htt)s HTT, nên tối đa %(most)s HTXS, "
                "nhưng đã có %(htxs)s HTXS (không quá %(percent)s%% số HTT)."
            )
        had = htxs - sum(1 for d in group if d.level == HTXS)
        message = message % {
            "group": label,
            "htxs": htxs,
            "had": had,
            "htt": htt,
            "most": most,
            "percent": percent,
        }
        for d in group:
            # Only the decisions that add an HTXS or remove an HTT break the quota.
            breaks = d.level == HTXS or (d.review.decided_level == HTT and d.level != HTT)
            if ok or breaks:
                # Adding an HTXS is refused down to HTT; removing an HTT, at any level.
                best = HTXS if ok else (HTT if d.level == HTXS else 5)
                out[d.review.pk].append(Check("quota", _("Hạn mức HTXS"), ok, message, best))
    return out


def _collective_levels(period, unit_ids, subject, batch: dict) -> dict:
    """unit id -> (status, level) of the unit's collective review (`subject`), the batch's
    levels counting as decided."""
    found = {}
    for r in (
        Review.objects.filter(
            period=period, person__isnull=True, subject=subject, unit_id__in=unit_ids
        )
        .only("pk", "unit_id", "status", "decided_level")
        .order_by("unit_id", "pk")
    ):
        if r.pk in batch:
            found[r.unit_id] = (ReviewStatus.DECIDED, batch[r.pk])
        else:
            found[r.unit_id] = (r.status, r.decided_level)
    return found


def _order_checks(decisions: list[Decision], explain: bool) -> dict[int, list[Check]]:
    """Collectives before their people (and a leader not above the unit); heads before
    deputies; a leadership collective not above its organisation."""
    out = defaultdict(list)
    if not decisions:
        return out
    period = decisions[0].review.period
    batch = {d.review.pk: d.level for d in decisions}
    personal = [d for d in decisions if d.review.person_id]
    leadership = [d for d in decisions if d.review.subject == Subject.LEADERSHIP]
    unit_ids = {d.review.unit_id for d in personal} | {d.review.unit_id for d in leadership}
    collectives = {}
    for chunk in _chunks(unit_ids):
        collectives.update(_collective_levels(period, chunk, Subject.ORGANISATION, batch))
    rule = _("Thứ tự và mức trần xếp loại")
    for d in personal + leadership:
        r = d.review
        params = _rules(r).params
        status, unit_level = collectives.get(r.unit_id, (None, None))
        leader_like = r.is_leader or r.subject == Subject.LEADERSHIP
        ceiling = params["leader_ceiling"] if r.person_id else params["leadership_ceiling"]
        if leader_like and ceiling and d.level:
            if status != ReviewStatus.DECIDED or not unit_level:
                out[r.pk].append(
                    Check(
                        "ceiling.unit",
                        rule,
                        False,
                        _(
                            "Chưa xếp loại tập thể %(unit)s. Tập thể được xếp loại trước; "
                            "mức của %(who)s không được cao hơn mức của tập thể."
                        )
                        % {
                            "unit": r.unit.name,
                            "who": _("người đứng đầu, cấp phó")
                            if r.person_id
                            else _("tập thể lãnh đạo"),
                        },
                        5,
                    )
                )
            elif d.level < unit_level:
                out[r.pk].append(
                    Check(
                        "ceiling.unit",
                        rule,
                        False,
                        _(
                            "%(unit)s được xếp loại %(unit_level)s; mức của %(who)s không "
                            "được cao hơn mức của tập thể."
                        )
                        % {
                            "unit": r.unit.name,
                            "unit_level": short(unit_level),
                            "who": _("người đứng đầu, cấp phó")
                            if r.person_id
                            else _("tập thể lãnh đạo"),
                        },
                        unit_level,
                    )
                )
            elif explain:
                out[r.pk].append(
                    Check(
                        "ceiling.unit",
                        rule,
                        True,
                        _("%(unit)s được xếp loại %(unit_level)s: không cao hơn mức này.")
                        % {"unit": r.unit.name, "unit_level": short(unit_level)},
                        unit_level,
                    )
                )
        elif (
            r.person_id
            and params["collectives_first"]
            and status
            and status != ReviewStatus.DECIDED
        ):
            out[r.pk].append(
                Check(
                    "order.collective_first",
                    rule,
                    False,
                    _("Tập thể %(unit)s chưa được xếp loại: tập thể được xếp loại trước cá nhân.")
                    % {"unit": r.unit.name},
                    5,
                )
            )
    deputies = [
        d for d in personal if d.review.is_deputy and _rules(d.review).params["heads_first"]
    ]
    if deputies:
        heads = defaultdict(list)
        for h in (
            Review.objects.filter(
                period=period,
                is_head=True,
                person__isnull=False,
                unit_id__in={d.review.unit_id for d in deputies},
            )
            .only("pk", "unit_id", "track", "status")
            .order_by()
        ):
            decided = h.status == ReviewStatus.DECIDED or (h.pk in batch)
            heads[(h.unit_id, h.track)].append(decided)
        for d in deputies:
            waiting = [x for x in heads.get((d.review.unit_id, d.review.track), []) if not x]
            if waiting:
                out[d.review.pk].append(
                    Check(
                        "order.head_first",
                        rule,
                        False,
                        _(
                            "Người đứng đầu %(unit)s chưa được xếp loại: người đứng đầu được xếp "
                            "loại trước cấp phó."
                        )
                        % {"unit": d.review.unit.name},
                        5,
                    )
                )
    return out


def _share_checks(decisions: list[Decision], explain: bool) -> dict[int, list[Check]]:
    """NĐ 48: the staff HTXS share in a unit may not exceed the party members' HTXS
    share there (party members working in the unit, rated at their cells)."""
    out = defaultdict(list)
    relevant = [
        d
        for d in decisions
        if d.review.person_id
        and d.review.track == Track.STATE
        and _rules(d.review).params["staff_party_share"]
    ]
    if not relevant:
        return out
    period = relevant[0].review.period
    batch = {d.review.pk: d.level for d in decisions}
    reviews = {d.review.pk: d.review for d in decisions}
    # Each decision of the batch on a staff review moves it from its current level (as
    # read, under the group's lock) to its new one.
    moves = defaultdict(list)
    for pk, level in batch.items():
        r = reviews[pk]
        if r.person_id and r.track == Track.STATE:
            moves[r.unit_id].append((r.decided_level, level))
    by_unit = defaultdict(list)
    for d in relevant:
        by_unit[d.review.unit_id].append(d)
    # Each unit's decided staff levels, and its party members' (rated at their cells),
    # counted in SQL for a few hundred units at a time.
    decided_staff, decided_party = defaultdict(Counter), defaultdict(Counter)
    for chunk in _chunks(by_unit, 500):
        for unit_id, level, n in (
            Review.objects.filter(
                period=period,
                unit_id__in=chunk,
                track=Track.STATE,
                person__isnull=False,
                decided_level__isnull=False,
            )
            .order_by()
            .values_list("unit_id", "decided_level")
            .annotate(n=Count("pk"))
        ):
            decided_staff[unit_id][level] += n
        for unit_id, level, n in (
            Review.objects.filter(
                period=period,
                track=Track.PARTY,
                person__workplace_id__in=chunk,
                decided_level__isnull=False,
            )
            .order_by()
            .values_list("person__workplace_id", "decided_level")
            .annotate(n=Count("pk"))
        ):
            decided_party[unit_id][level] += n
    rule = _("Tỷ lệ HTXS cán bộ, công chức, viên chức (Nghị định 48)")
    for unit_id, group in by_unit.items():
        staff = Counter(decided_staff[unit_id])
        for old, new in moves[unit_id]:
            if old:
                staff[old] -= 1
            if new:
                staff[new] += 1
        party = decided_party[unit_id]
        staff_total, party_total = sum(staff.values()), sum(party.values())
        if not party_total:
            if explain:
                for d in group:
                    out[d.review.pk].append(
                        Check(
                            "share.party",
                            rule,
                            True,
                            _(
                                "Chưa có kết quả xếp loại đảng viên của đơn vị để so sánh tỷ lệ "
                                "HTXS."
                            ),
                        )
                    )
            continue
        ok = staff[HTXS] * party_total <= party[HTXS] * staff_total
        message = _(
            "Tỷ lệ HTXS của cán bộ, công chức, viên chức là %(staff)s/%(staff_total)s; "
            "của đảng viên trong đơn vị là %(party)s/%(party_total)s. Tỷ lệ thứ nhất "
            "không được cao hơn tỷ lệ thứ hai."
        ) % {
            "staff": staff[HTXS],
            "staff_total": staff_total,
            "party": party[HTXS],
            "party_total": party_total,
        }
        for d in group:
            if (ok and explain) or (not ok and d.level == HTXS):
                out[d.review.pk].append(
                    Check("share.party", rule, ok, message, HTXS if ok else HTT)
                )
    return out


def _pending_checks(decisions: list[Decision], explain: bool) -> dict[int, list[Check]]:
    out = defaultdict(list)
    people = {d.review.person_id for d in decisions if d.review.person_id}
    if not people:
        return out
    period = decisions[0].review.period
    open_matters = defaultdict(list)
    for chunk in _chunks(people):
        for m in PendingMatter.objects.filter(
            period=period, person_id__in=chunk, settled_at__isnull=True
        ):
            open_matters[m.person_id].append(m.title)
    rule = _("Vấn đề đang xử lý")
    for d in decisions:
        titles = open_matters.get(d.review.person_id)
        if titles:
            out[d.review.pk].append(
                Check(
                    "pending",
                    rule,
                    False,
                    _(
                        "Còn %(n)s vấn đề đang xử lý (%(titles)s): phải giải quyết xong trước khi "
                        "xếp loại."
                    )
                    % {"n": len(titles), "titles": "; ".join(titles)},
                    5,
                )
            )
        elif explain and d.review.person_id:
            out[d.review.pk].append(
                Check("pending", rule, True, _("Không có vấn đề nào đang xử lý."))
            )
    return out


def _rating_needed(decisions, facts, explain) -> dict[int, list[Check]]:
    out = defaultdict(list)
    rule = _("Thời gian công tác trong kỳ")
    for d in decisions:
        f = facts[d.review.pk]
        rules = _rules(d.review)
        needs = rules.needs_rating(f)
        months = rules.params["min_months"]
        if d.level is None and needs:
            out[d.review.pk].append(
                Check(
                    "not_rated",
                    rule,
                    False,
                    _(
                        "Chỉ không xếp loại người công tác dưới %(months)s tháng trong kỳ (trừ "
                        "nghỉ thai sản)."
                    )
                    % {"months": months},
                    5,
                )
            )
        elif d.level is not None and not needs:
            out[d.review.pk].append(
                Check(
                    "not_rated",
                    rule,
                    False,
                    _(
                        "Công tác %(worked)s tháng, dưới %(months)s tháng trong kỳ: được kiểm "
                        "điểm nhưng không xếp loại."
                    )
                    % {"worked": f.months_worked, "months": months},
                    5,
                )
            )
    return out


def evaluate(decisions: list[Decision], *, explain: bool = False) -> dict[int, list[Check]]:
    """Per review id, the checks: with `explain`, all of them; otherwise only those that
    refuse the decision."""
    if not decisions:
        return {}
    scores = {
        d.review.pk: (
            d.score
            if d.score is not None
            else d.review.decided_score
            if d.review.decided_score is not None
            else d.review.proposed_score
            if d.review.proposed_score is not None
            else d.review.self_score
        )
        for d in decisions
    }
    facts = gather_facts([d.review for d in decisions], scores)
    result = defaultdict(list)
    for d in decisions:
        f = facts[d.review.pk]
        rules = _rules(d.review)
        if explain:
            result[d.review.pk] = rules.checks(f)
        elif d.level is not None and rules.quick_best(f) is None:
            result[d.review.pk] = [c for c in rules.checks(f, explain=False) if c.refuses(d.level)]
    rated = [d for d in decisions if d.level is not None]
    for extra in (
        _rating_needed(decisions, facts, explain),
        _pending_checks(decisions, explain),
        _quota_checks(
            rated + [d for d in decisions if d.level is None and d.review.decided_level], explain
        ),
        _order_checks(rated, explain),
        _share_checks(rated, explain),
    ):
        for pk, checks in extra.items():
            result[pk].extend(checks)
    if not explain:
        levels = {d.review.pk: d.level for d in decisions}
        for pk in list(result):
            level = levels[pk]
            result[pk] = [c for c in result[pk] if not c.ok and (level is None or c.refuses(level))]
            if not result[pk]:
                del result[pk]
    return dict(result)


def explain(review: Review, level: int | None = None) -> list[Check]:
    """Every check for `review` at `level` (default: the proposed level, else HTXS, so
    the limits show), in the order shown on the page."""
    if level is None:
        level = review.decided_level or review.proposed_level or HTXS
    return evaluate([Decision(review, level)], explain=True).get(review.pk, [])


def best_allowed(checks: list[Check]) -> int:
    """The best level no check refuses (5: none is allowed yet)."""
    return max([c.best for c in checks if not c.ok] or [HTXS])
