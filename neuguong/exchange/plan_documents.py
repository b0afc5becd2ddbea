"""The documents of commitment plans: one plan as a Word file laid out like the paper
form, and the download of an evidence file (a unit's plans as Excel: plan_workbook.py).

Rules:
- Whoever may view a plan (commitments.access.get_plan_for_user) may print it and
  download its evidence; outside that scope the plan does not exist (404).
- The Word file is a formal document in Vietnamese whatever the reader's language, on
  A4 in Times New Roman with the margins of administrative documents: the national
  header (a party member's is the party's, with their cell and its parent on the left;
  anyone else's is the state's, with their workplace), place and date, the title, the
  header lines, the sections of the form in order with the key tasks as a table, and
  the signature block. A version not approved says so under the title.
- Evidence is never served statically: it is streamed from storage with the content
  type its upload check found, as an attachment, with `nosniff`.
- Texts lose the control characters XML cannot hold (python-docx would refuse them).
- python-docx is imported inside the functions that use it.
"""

import io
import logging
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from urllib.parse import quote

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Q
from django.db.models.functions import Length
from django.http import FileResponse, Http404, HttpResponse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from neuguong.commitments.files import CONTENT_TYPES
from neuguong.commitments.models import CommitmentPlan, PlanStatus
from neuguong.organisations.models import Area, Post, Unit, UnitKind
from neuguong.organisations.tree import ancestor_ids
from neuguong.regulations.models import Period, PeriodKind

from .posters import DOCX_TYPE, ROMAN, _paragraph, _set_font

logger = logging.getLogger(__name__)

# Characters XML 1.0 cannot hold: python-docx refuses them.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
PLACE_PREFIX = re.compile(
    r"^(xã|phường|thị trấn|đặc khu|huyện|quận|thị xã|thành phố|tỉnh)\s+", re.IGNORECASE
)


def clean(text) -> str:
    return CONTROL.sub("", str(text or ""))


def _dmy(day: date | datetime | None) -> str:
    if isinstance(day, datetime):
        day = timezone.localdate(day)
    return day.strftime("%d/%m/%Y") if day else ""


def disposition(ascii_name: str, full_name: str) -> str:
    """An attachment with an ASCII-safe name and the full Vietnamese one (RFC 6266)."""
    full_name = "".join(c for c in clean(full_name) if c not in '\\/:*?"<>|').strip()
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(full_name, safe='')}"


# The content of the form -------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    numeral: str
    title: str
    lines: list[str]
    lead: str = ""  # an italic first line (the year theme)
    tasks: list[tuple] | None = None  # (n, title, target, deadline, product, solutions)


@dataclass(frozen=True)
class PlanForm:
    is_party: bool
    issuer: str
    organisation: str
    national: str
    motto_line: str
    place_date: str
    title: str
    status_line: str
    header: list[tuple[str, str]]
    sections: list[Section]
    confirm_title: str
    confirm_lines: list[str] = field(default_factory=list)
    signer_title: str = ""
    signer_name: str = ""


def _period_words(period: Period) -> str:
    if period.kind == PeriodKind.YEAR:
        return _("NĂM %(year)s") % {"year": period.starts_on.year}
    return clean(period.name).upper()


def _place(unit: Unit | None) -> str:
    """The nearest area (địa bàn) of the unit or its ancestors, without "Xã", "Phường"."""
    if unit is None or not unit.path:
        return "……"
    ids = [*ancestor_ids(unit.path), unit.pk]
    area = (
        Area.objects.filter(units__pk__in=ids).order_by(Length("units__path").desc(), "pk").first()
    )
    return PLACE_PREFIX.sub("", area.name).strip() if area else "……"


def _place_date(plan: CommitmentPlan, unit: Unit | None) -> str:
    day = timezone.localdate(plan.submitted_at) if plan.submitted_at else timezone.localdate()
    return _("%(place)s, ngày %(d)s tháng %(m)s năm %(y)s") % {
        "place": _place(unit),
        "d": f"{day.day:02d}",
        "m": f"{day.month:02d}",
        "y": day.year,
    }


def _status_line(plan: CommitmentPlan) -> str:
    if plan.status == PlanStatus.APPROVED:
        return _("Phiên bản số %(n)s") % {"n": plan.number} if plan.number > 1 else ""
    if plan.status == PlanStatus.SUPERSEDED:
        return _("Phiên bản số %(n)s — đã được thay thế bằng bản điều chỉnh") % {"n": plan.number}
    return _("Bản nháp — chưa được phê duyệt")


def _lines(text: str) -> list[str]:
    return [line.strip() for line in clean(text).splitlines() if line.strip()]


def _ethics_lines(plan: CommitmentPlan) -> list[str]:
    lines = []
    for line in plan.ethics.select_related("code_item", "regulation_item__regulation"):
        cite = ""
        if line.regulation_item_id:
            item = line.regulation_item
            cite = f" ({clean(item.regulation.symbol)}, {clean(item.number)})"
        elif line.code_item_id:
            cite = _(" (Chuẩn mực đạo đức của đơn vị, nhóm %(n)s)") % {
                "n": ROMAN[line.code_item.relationship - 1]
            }
        lines.append(f"- {clean(line.text)}{cite}")
    return lines + _lines(plan.ethics_note)


def _task_rows(plan: CommitmentPlan) -> list[tuple]:
    return [
        (
            str(n),
            clean(task.title),
            clean(task.target),
            _dmy(task.deadline),
            clean(task.product),
            [f"- {clean(s.text)}" for s in task.solutions.all()],
        )
        for n, task in enumerate(plan.tasks.prefetch_related("solutions"), start=1)
    ]


def _sections(plan: CommitmentPlan) -> list[Section]:
    theme = clean(plan.period.year_theme)
    sections = [
        (_("Về tư tưởng chính trị"), _lines(plan.political_stance), "", None),
        (_("Về đạo đức, lối sống"), _ethics_lines(plan), "", None),
        (_("Nhiệm vụ trọng tâm"), [], "", _task_rows(plan)),
        (
            _("Học tập và làm theo chuyên đề năm"),
            _lines(plan.theme_study),
            _("Chuyên đề năm: “%(theme)s”") % {"theme": theme} if theme else "",
            None,
        ),
        (
            _("Về ý thức tổ chức kỷ luật, trách nhiệm nêu gương, gia đình"),
            _lines(plan.discipline_family),
            "",
            None,
        ),
    ]
    if plan.is_leader or plan.leadership.strip():
        sections.append((_("Về lãnh đạo, chỉ đạo, quản lý"), _lines(plan.leadership), "", None))
    return [
        Section(numeral=ROMAN[i], title=title, lines=lines, lead=lead, tasks=tasks)
        for i, (title, lines, lead, tasks) in enumerate(sections)
    ]


def _user_name(user) -> str:
    if user is None:
        return ""
    try:
        person = user.person
    except ObjectDoesNotExist:
        person = None
    return clean(person.full_name if person else (user.get_full_name() or user.get_username()))


def _confirm(plan: CommitmentPlan) -> tuple[str, list[str]]:
    if plan.is_collective:
        title = _("XÁC NHẬN CỦA CẤP TRÊN")
    elif plan.unit.kind == UnitKind.PARTY_CELL:
        title = _("XÁC NHẬN CỦA CHI ỦY")
    elif plan.unit.is_party_organisation:
        title = _("XÁC NHẬN CỦA CẤP ỦY")
    else:
        title = _("XÁC NHẬN CỦA THỦ TRƯỞNG ĐƠN VỊ")
    if plan.status in (PlanStatus.APPROVED, PlanStatus.SUPERSEDED) and plan.decided_at:
        name = _user_name(plan.decided_by)
        return title, [_("Đã phê duyệt ngày %(d)s") % {"d": _dmy(plan.decided_at)}, "", name]
    return title, [_("(Ký, ghi rõ họ tên)")]


def _posts(person) -> str:
    today = timezone.localdate()
    posts = (
        Post.objects.filter(person=person)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .select_related("unit")
    )
    return "; ".join(f"{clean(p.title)}, {clean(p.unit.name)}" for p in posts)


def _personal_head(plan: CommitmentPlan) -> dict:
    person = plan.person
    cell = person.party_cell if person.is_party_member and person.party_cell_id else None
    home = cell or plan.workplace or person.workplace
    parent = home.parent if home is not None and home.parent_id else None
    header = [
        (_("Họ và tên"), clean(person.full_name)),
        (_("Chức vụ"), _posts(person)),
        (_("Đơn vị công tác"), clean(person.workplace.name) if person.workplace_id else ""),
    ]
    if person.party_cell_id:
        header.append((_("Chi bộ"), clean(person.party_cell.name)))
    return {
        "is_party": cell is not None,
        "home": home,
        "parent": parent,
        "header": header,
        "title": _("KẾ HOẠCH CÁ NHÂN CAM KẾT TU DƯỠNG, RÈN LUYỆN, PHẤN ĐẤU %(period)s")
        % {"period": _period_words(plan.period)},
        "signer_title": _("NGƯỜI LẬP KẾ HOẠCH"),
        "signer_name": clean(person.full_name),
    }


def _collective_head(plan: CommitmentPlan) -> dict:
    unit = plan.unit
    parent = unit.parent if unit.parent_id else None
    header = [(_("Tập thể"), clean(unit.name))]
    if parent:
        header.append((_("Cấp trên trực tiếp"), clean(parent.name)))
    return {
        "is_party": unit.is_party_organisation,
        "home": unit,
        "parent": parent,
        "header": header,
        "title": _("KẾ HOẠCH CAM KẾT CỦA TẬP THỂ %(unit)s %(period)s")
        % {"unit": clean(unit.name).upper(), "period": _period_words(plan.period)},
        "signer_title": _("ĐẠI DIỆN TẬP THỂ"),
        "signer_name": _user_name(plan.submitted_by),
    }


def _with_relations(plan: CommitmentPlan) -> CommitmentPlan:
    """`plan` again with everything the form names, in one query."""
    return CommitmentPlan.objects.select_related(
        "period",
        "unit__parent",
        "workplace__parent",
        "person__workplace",
        "person__party_cell__parent",
        "decided_by__person",
        "submitted_by__person",
    ).get(pk=plan.pk)


def plan_form(plan: CommitmentPlan) -> PlanForm:
    """What the printed form of `plan` says, in Vietnamese."""
    plan = _with_relations(plan)
    with translation.override("vi"):
        head = _collective_head(plan) if plan.is_collective else _personal_head(plan)
        party, home, parent = head["is_party"], head["home"], head["parent"]
        confirm_title, confirm_lines = _confirm(plan)
        return PlanForm(
            is_party=party,
            issuer=clean(parent.name).upper() if parent else "",
            organisation=clean(home.name).upper() if home else "",
            national=_("ĐẢNG CỘNG SẢN VIỆT NAM")
            if party
            else _("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
            motto_line="" if party else _("Độc lập - Tự do - Hạnh phúc"),
            place_date=_place_date(plan, home),
            title=head["title"],
            status_line=_status_line(plan),
            header=head["header"],
            sections=_sections(plan),
            confirm_title=confirm_title,
            confirm_lines=confirm_lines,
            signer_title=head["signer_title"],
            signer_name=head["signer_name"],
        )


# The Word file ----------------------------------------------------------------------

BODY_PT, SMALL_PT = 14, 13
# Millimetres of the task table's columns (the text block is 210 - 30 - 15 = 165 mm).
TASK_COLUMNS = (10, 38, 27, 22, 28, 40)


def _cell(cell, lines, *, bold=False, italic=False, center=True, size=SMALL_PT):
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    cell.paragraphs[0].text = ""
    for index, text in enumerate(lines or [""]):
        paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
        if center:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_after = Pt(0)
        run = paragraph.add_run(text)
        run.bold, run.italic, run.font.size = bold, italic, Pt(size)


def _masthead(doc, form: PlanForm) -> None:
    from docx.shared import Mm

    table = doc.add_table(rows=1, cols=2)
    table.autofit = False
    left, right = table.rows[0].cells
    left.width, right.width = Mm(70), Mm(95)
    _cell(left, [form.issuer] if form.issuer else [])
    if form.organisation:
        _cell_add(left, form.organisation, bold=True)
    if form.is_party:
        _cell_add(left, "*", bold=True)
    _cell(right, [form.national], bold=True)
    if form.motto_line:
        _cell_add(right, form.motto_line, bold=True)
    _cell_add(right, "")
    _cell_add(right, form.place_date, italic=True)


def _cell_add(cell, text, *, bold=False, italic=False):
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    paragraph = cell.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_after = Pt(0)
    run = paragraph.add_run(text)
    run.bold, run.italic, run.font.size = bold, italic, Pt(SMALL_PT)


def _repeat_header(row) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(flag)


def _task_table(doc, tasks: list[tuple]) -> None:
    from docx.shared import Mm

    labels = [_("STT"), _("Nhiệm vụ"), _("Chỉ tiêu"), _("Thời hạn"), _("Sản phẩm")]
    labels.append(_("Giải pháp cụ thể"))
    table = doc.add_table(rows=1, cols=len(labels))
    table.style = doc.styles["Table Grid"]
    table.autofit = False
    _repeat_header(table.rows[0])
    for cell, label, width in zip(table.rows[0].cells, labels, TASK_COLUMNS, strict=True):
        cell.width = Mm(width)
        _cell(cell, [label], bold=True)
    for n, title, target, deadline, product, solutions in tasks:
        cells = table.add_row().cells
        values = [[n], [title], [target], [deadline], [product], solutions]
        for index, (cell, lines, width) in enumerate(zip(cells, values, TASK_COLUMNS, strict=True)):
            cell.width = Mm(width)
            _cell(cell, lines, center=index in (0, 3))


def _signatures(doc, form: PlanForm) -> None:
    from docx.shared import Mm, Pt

    doc.add_paragraph().paragraph_format.space_after = Pt(6)
    table = doc.add_table(rows=1, cols=2)
    table.autofit = False
    left, right = table.rows[0].cells
    left.width = right.width = Mm(82)
    _cell(left, [form.confirm_title], bold=True)
    for line in form.confirm_lines:
        _cell_add(left, line, italic=line.startswith("("))
    _cell(right, [form.signer_title], bold=True)
    _cell_add(right, _("(Ký, ghi rõ họ tên)"), italic=True)
    for _blank in range(3):
        _cell_add(right, "")
    _cell_add(right, form.signer_name, bold=True)


def _section(doc, section: Section) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm

    _paragraph(doc, f"{section.numeral}. {section.title}", bold=True, after=3)
    if section.lead:
        _paragraph(doc, section.lead, italic=True, after=2)
    if section.tasks is not None:
        if section.tasks:
            _task_table(doc, section.tasks)
        else:
            _paragraph(doc, _("(Chưa có nhiệm vụ trọng tâm)"), italic=True)
    elif not section.lines:
        _paragraph(doc, _("(Chưa có nội dung)"), italic=True)
    for line in section.lines:
        paragraph = _paragraph(doc, line, after=2)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        paragraph.paragraph_format.first_line_indent = Mm(10)


def _document():
    from docx import Document
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm

    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    normal = doc.styles["Normal"]
    _set_font(normal, BODY_PT)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "vi-VN")
    normal.element.get_or_add_rPr().append(lang)
    for name in ("Table Grid", "Normal Table"):
        _set_font(doc.styles[name])
    return doc


def plan_docx(plan: CommitmentPlan) -> bytes:
    """The plan as a Word file (A4, Times New Roman) laid out like the paper form."""
    from docx.shared import Pt

    form = plan_form(plan)
    doc = _document()
    with translation.override("vi"):
        _masthead(doc, form)
        title = _paragraph(doc, form.title, bold=True, size=BODY_PT, center=True, after=2)
        title.paragraph_format.space_before = Pt(12)
        if form.status_line:
            _paragraph(doc, form.status_line, italic=True, center=True, after=6)
        for label, value in form.header:
            # An empty line of the paper form is left to fill in by hand.
            _paragraph(doc, f"{label}: {value or '……………………'}", after=2)
        for section in form.sections:
            _section(doc, section)
        _signatures(doc, form)
    doc.core_properties.title = form.title
    doc.core_properties.language = "vi-VN"
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def plan_filenames(plan: CommitmentPlan) -> tuple[str, str]:
    year, number = plan.period.starts_on.year, plan.number
    if plan.is_collective:
        slug = slugify(plan.unit.code) or f"don-vi-{plan.unit_id}"
        owner, what = plan.unit.name, "Kế hoạch cam kết của tập thể"
        ascii_name = f"ke-hoach-tap-the-{slug}-{year}-v{number}.docx"
    else:
        slug = slugify(plan.person.code) or f"nguoi-{plan.person_id}"
        owner, what = plan.person.full_name, "Kế hoạch cá nhân"
        ascii_name = f"ke-hoach-{slug}-{year}-v{number}.docx"
    return ascii_name, f"{what} - {owner} - {plan.period.name} - v{number}.docx"


def plan_docx_response(plan: CommitmentPlan) -> HttpResponse:
    body = plan_docx(plan)
    response = HttpResponse(body, content_type=DOCX_TYPE)
    response["Content-Disposition"] = disposition(*plan_filenames(plan))
    response["Content-Length"] = str(len(body))
    return response


# Evidence files ----------------------------------------------------------------------


def evidence_filenames(evidence) -> tuple[str, str]:
    ext = "jpg" if evidence.kind == "jpeg" else evidence.kind
    name = clean(evidence.name) or "tep"
    stem = name.rsplit(".", 1)[0] if "." in name else name
    if not name.lower().endswith((f".{ext}", f".{evidence.kind}")):
        name = f"{name}.{ext}"
    return f"{slugify(stem)[:80] or 'minh-chung'}.{ext}", name


def evidence_response(evidence) -> FileResponse:
    """The stored file as an attachment, typed by what the upload check found."""
    try:
        handle = evidence.file.storage.open(evidence.file.name, "rb")
    except (OSError, ValueError):
        # The record outlived its file (a restore without the media folder?): say so.
        logger.warning(
            "Evidence %s: stored file %r cannot be read", evidence.pk, evidence.file.name
        )
        raise Http404 from None
    content_type = CONTENT_TYPES.get(evidence.kind, "application/octet-stream")
    response = FileResponse(handle, content_type=content_type)
    response["Content-Disposition"] = disposition(*evidence_filenames(evidence))
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
