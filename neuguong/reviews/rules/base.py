"""What every rule set shares: the facts a rule reads, a check's result, and the
disqualifiers and task conditions common to the national rules (DOMAIN.md §5).

A check names its rule, says in Vietnamese why it holds or not, and gives `best`: the
best level it allows (1 = HTXS … 4 = KHTNV). A level better than some check's `best`
is refused with that check's message.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

HTXS, HTT, HTNV, KHTNV = 1, 2, 3, 4

# Figures DOMAIN.md marks configurable: a rule set's `params` override them.
DEFAULTS = {
    "quota_percent": 20,  # HTXS at most this % of the number rated HTT in a group
    "quota_group": "unit_position",  # or "unit": who counts as comparable
    "leader_targets_min": 50,  # a leader whose area met under this % of targets: KHTNV
    "collective_disciplined_max": 20,  # over this % of units below disciplined: KHTNV
    "htxs_exceeded_min": 30,  # HTXS needs at least this % of tasks exceeded (None: no)
    "htt_all_on_time": True,  # HTT and HTXS need every task on time and at quality
    "bands": None,  # {"htxs": 90, "htt": 70, "htnv": 50} where the rule set scores
    "min_months": 6,  # worked under this many months: reviewed but not rated
    "leader_ceiling": True,  # a leader's rating not above their unit's
    "leadership_ceiling": True,  # a leadership collective not above its organisation
    "staff_party_share": False,  # staff HTXS share not above the party members'
    "collectives_first": True,  # a unit's collective is rated before its people
    "heads_first": True,  # a unit's head is rated before its deputies
    "code_not_met_best": HTNV,  # best level of a collective whose code evaluation failed
}


@dataclass
class Check:
    code: str
    rule: str
    ok: bool
    message: str
    best: int = HTXS  # the best level this check allows

    def refuses(self, level: int) -> bool:
        return not self.ok and level < self.best


@dataclass
class Facts:
    """What the rules read about one review (gathered by checks.gather_facts)."""

    is_collective: bool = False
    is_leader: bool = False
    poor_points: list[str] = field(default_factory=list)
    tasks_total: int = 0
    tasks_on_time: int = 0
    tasks_quality: int = 0
    tasks_exceeded: int = 0
    tasks_done: int = 0
    tasks: list = field(default_factory=list)  # ReviewTask rows (nd335 scores them)
    disciplines: list = field(default_factory=list)
    findings: list = field(default_factory=list)
    targets_met_percent: int | None = None
    score: Decimal | None = None
    general_score: Decimal | None = None
    months_worked: int | None = None
    maternity_leave: bool = False
    sub_units_total: int = 0
    sub_units_disciplined: int = 0
    leadership_disciplined: list[str] = field(default_factory=list)
    code_evaluation: object = None  # the unit's decided ethics-code evaluation (collectives)


def pct(part: int, whole: int) -> str:
    return f"{(100 * part / whole):.0f}%" if whole else "0%"


class BaseRules:
    scores = False  # whether levels follow a 100-point score

    def __init__(self, rule_set):
        self.rule_set = rule_set
        self.params = {**DEFAULTS, **(rule_set.params or {})}

    @property
    def name(self) -> str:
        return self.rule_set.name

    # -- what a review must carry ------------------------------------------------------

    def score(self, facts: Facts, entered: Decimal | None) -> Decimal | None:
        """The score the bands read: the entered one (QĐ 366), or computed (NĐ 335)."""
        return entered

    def needs_rating(self, facts: Facts) -> bool:
        """People who worked under `min_months` in the period are reviewed but not
        rated, maternity leave excepted."""
        months = facts.months_worked
        return months is None or months >= self.params["min_months"] or facts.maternity_leave

    # -- the checks --------------------------------------------------------------------

    def checks(self, facts: Facts, *, explain: bool = True) -> list[Check]:
        """Every check, or with `explain=False` only those that limit the level (the
        bulk pass reads only those, and skips writing the messages of the others)."""
        out = self.disqualifiers(facts)
        out += self.task_conditions(facts)
        if self.scores:
            out += self.score_checks(facts)
        return out if explain else [c for c in out if not c.ok]

    def quick_best(self, facts: Facts) -> int | None:
        """The best level allowed when nothing limits it, computed without messages, or
        None when some check may limit it (then `checks` says which and why)."""
        if facts.poor_points or facts.findings or facts.is_collective:
            return None
        if any(not d.self_detected_fixed for d in facts.disciplines):
            return None
        met = facts.targets_met_percent
        if facts.is_leader and met is not None and met < self.params["leader_targets_min"]:
            return None
        total = facts.tasks_total
        all_done = facts.tasks_on_time == total and facts.tasks_quality == total
        if total and self.params["htt_all_on_time"] and not all_done:
            return None
        need = self.params["htxs_exceeded_min"]
        if total and need and facts.tasks_exceeded * 100 < need * total:
            return None
        if self.scores:
            bands = self.params["bands"] or {"htxs": 90, "htt": 70, "htnv": 50}
            if facts.score is None or facts.score < bands["htxs"]:
                return None
        return HTXS

    def disqualifiers(self, facts: Facts) -> list[Check]:
        rule = self.name
        out = []
        if facts.is_collective:
            out.append(self._collective_discipline(facts))
        else:
            bad = [d for d in facts.disciplines if not d.self_detected_fixed]
            fixed = [d for d in facts.disciplines if d.self_detected_fixed]
            if bad:
                d = bad[0]
                message = _(
                    "Bị kỷ luật %(kind)s ngày %(date)s (%(authority)s) trong kỳ: "
                    "xếp loại Không hoàn thành nhiệm vụ."
                ) % {
                    "kind": d.get_kind_display().lower(),
                    "date": d.decided_on.strftime("%d/%m/%Y"),
                    "authority": d.authority,
                }
            elif fixed:
                message = _(
                    "Có kỷ luật trong kỳ nhưng do tự phát hiện và chủ động khắc phục, "
                    "nên không bị xếp loại Không hoàn thành nhiệm vụ."
                )
            else:
                message = _("Không bị kỷ luật từ khiển trách trở lên trong kỳ.")
            out.append(
                Check("disqualifier.discipline", rule, not bad, message, KHTNV if bad else HTXS)
            )
        found = list(facts.findings)
        if found:
            names = "; ".join(f.get_kind_display() for f in found)
            message = _("Có kết luận: %(what)s: xếp loại Không hoàn thành nhiệm vụ.") % {
                "what": names
            }
        else:
            message = _(
                "Không có kết luận suy thoái, vi phạm Quy định 37 hay trách nhiệm nêu gương."
            )
        out.append(
            Check("disqualifier.finding", rule, not found, message, KHTNV if found else HTXS)
        )
        if facts.poor_points:
            message = _(
                "Tự đánh giá mức Kém ở: %(points)s. Có nội dung mức Kém thì xếp loại "
                "Không hoàn thành nhiệm vụ."
            ) % {"points": "; ".join(facts.poor_points)}
            out.append(Check("disqualifier.poor_point", rule, False, message, KHTNV))
        else:
            out.append(
                Check(
                    "disqualifier.poor_point",
                    rule,
                    True,
                    _("Không có nội dung tự đánh giá mức Kém."),
                )
            )
        if facts.is_leader or facts.is_collective:
            out.append(self._targets(facts))
        if facts.is_collective:
            out.append(self._code_evaluation(facts))
        return out

    def _code_evaluation(self, facts: Facts) -> Check:
        """The unit's evaluation of its ethics code is part of its review: shown, and a
        code evaluated as not met caps the level (`code_not_met_best`)."""
        evaluation = facts.code_evaluation
        if evaluation is None:
            return Check(
                "collective.code",
                self.name,
                True,
                _("Đơn vị chưa chốt đánh giá việc thực hiện chuẩn mực đạo đức trong kỳ."),
            )
        best = self.params["code_not_met_best"]
        ok = evaluation.overall != "not_met"
        message = _("Đánh giá thực hiện chuẩn mực đạo đức của đơn vị: %(result)s.") % {
            "result": evaluation.get_overall_display() or _("chưa có kết quả chung")
        }
        if not ok:
            message += " " + _("Tập thể không được xếp loại cao hơn %(level)s.") % {
                "level": {1: "HTXS", 2: "HTT", 3: "HTNV", 4: "KHTNV"}[best]
            }
        return Check("collective.code", self.name, ok, message, HTXS if ok else best)

    def _targets(self, facts: Facts) -> Check:
        floor = self.params["leader_targets_min"]
        met = facts.targets_met_percent
        if met is None:
            return Check(
                "disqualifier.targets",
                self.name,
                True,
                _("Chưa nhập tỷ lệ chỉ tiêu đạt được của lĩnh vực, đơn vị phụ trách."),
            )
        ok = met >= floor
        if ok:
            message = _("Lĩnh vực, đơn vị phụ trách đạt %(met)s%% chỉ tiêu (từ %(floor)s%%).")
        else:
            message = _(
                "Lĩnh vực, đơn vị phụ trách chỉ đạt %(met)s%% chỉ tiêu, dưới %(floor)s%%: "
                "xếp loại Không hoàn thành nhiệm vụ."
            )
        return Check(
            "disqualifier.targets",
            self.name,
            ok,
            message % {"met": met, "floor": floor},
            HTXS if ok else KHTNV,
        )

    def _collective_discipline(self, facts: Facts) -> Check:
        limit = self.params["collective_disciplined_max"]
        total, bad = facts.sub_units_total, facts.sub_units_disciplined
        if facts.leadership_disciplined:
            return Check(
                "disqualifier.collective_discipline",
                self.name,
                False,
                _(
                    "Lãnh đạo của tập thể bị kỷ luật trong kỳ (%(names)s): xếp loại Không hoàn "
                    "thành nhiệm vụ."
                )
                % {"names": ", ".join(facts.leadership_disciplined)},
                KHTNV,
            )
        over = bool(total) and bad * 100 > limit * total
        message = _(
            "%(bad)s trên %(total)s đơn vị trực thuộc (%(share)s) bị kỷ luật trong kỳ; "
            "tối đa %(limit)s%%."
        ) % {"bad": bad, "total": total, "share": pct(bad, total), "limit": limit}
        if over:
            message += " " + _("Tập thể xếp loại Không hoàn thành nhiệm vụ.")
        return Check(
            "disqualifier.collective_discipline",
            self.name,
            not over,
            message,
            KHTNV if over else HTXS,
        )

    def task_conditions(self, facts: Facts) -> list[Check]:
        out = []
        total = facts.tasks_total
        if not total:
            return out
        if self.params["htt_all_on_time"]:
            ok = facts.tasks_on_time == total and facts.tasks_quality == total
            message = _(
                "%(on_time)s/%(total)s nhiệm vụ đúng tiến độ, %(quality)s/%(total)s đạt chất "
                "lượng. Mức Hoàn thành tốt trở lên cần 100%% nhiệm vụ đúng tiến độ, đạt chất lượng."
            ) % {"on_time": facts.tasks_on_time, "quality": facts.tasks_quality, "total": total}
            out.append(Check("condition.all_on_time", self.name, ok, message, HTXS if ok else HTNV))
        need = self.params["htxs_exceeded_min"]
        if need:
            ok = facts.tasks_exceeded * 100 >= need * total
            message = _(
                "%(exceeded)s/%(total)s nhiệm vụ vượt chỉ tiêu (%(share)s). Mức Hoàn thành "
                "xuất sắc cần ít nhất %(need)s%% nhiệm vụ vượt chỉ tiêu."
            ) % {
                "exceeded": facts.tasks_exceeded,
                "total": total,
                "share": pct(facts.tasks_exceeded, total),
                "need": need,
            }
            out.append(Check("condition.exceeded", self.name, ok, message, HTXS if ok else HTT))
        return out

    def score_checks(self, facts: Facts) -> list[Check]:
        bands = self.params["bands"] or {"htxs": 90, "htt": 70, "htnv": 50}
        score = facts.score
        if score is None:
            return [
                Check(
                    "score.missing",
                    self.name,
                    False,
                    _("%(rule)s chấm theo thang 100 điểm: chưa có điểm.") % {"rule": self.name},
                    KHTNV + 1,
                )
            ]
        if score >= bands["htxs"]:
            best = HTXS
        elif score >= bands["htt"]:
            best = HTT
        elif score >= bands["htnv"]:
            best = HTNV
        else:
            best = KHTNV
        message = _(
            "Đạt %(score)s/100 điểm: mức cao nhất theo điểm là %(level)s "
            "(HTXS từ %(htxs)s, HTT từ %(htt)s, HTNV từ %(htnv)s điểm)."
        ) % {
            "score": f"{score:g}",
            "level": {1: "HTXS", 2: "HTT", 3: "HTNV", 4: "KHTNV"}[best],
            **bands,
        }
        return [Check("score.band", self.name, best == HTXS, message, best)]
