"""A review printed as its paper form: the personal review (Mẫu 02A/02B of HD 25,
2A/2B of HD 43) or a collective's report (Mẫu 01), as a Word file.

Rules:
- Whoever may view the review (reviews.access.get_review_for_user) may print it;
  outside that scope the review does not exist (404).
- The file is a formal document in Vietnamese whatever the reader's language, laid out
  like plan_documents: A4, Times New Roman, the margins of administrative documents.
  A review on the party track is headed "ĐẢNG CỘNG SẢN VIỆT NAM" with the place of
  review (the cell) under its parent organisation; a review on the state track carries
  the state's header with the workplace. Then place and date, the title and year, the
  person's details, sections I–VII (each point of section I with its self-assessed
  level, the commitment point with every approved key task of the plan as a table:
  pulled from the plan, never retyped), the collective step (meeting, comments, votes),
  the assessment and proposed level, the decision, and the signature block.
- A part not yet reached says so ("Chưa …") rather than being left out, so the printed
  form always shows every part of the paper form.
"""

import io
from dataclasses import dataclass, field

from django.db.models import Q
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from neuguong.organisations.models import Post, UnitKind
from neuguong.reviews.models import (
    Level,
    PointLevel,
    Review,
    ReviewStatus,
    ReviewTask,
    Subject,
    Track,
    short,
)
from neuguong.reviews.points import point_label

from .plan_documents import (
    _cell,
    _dmy,
    _document,
    _masthead,
    _period_words,
    _place,
    _repeat_header,
    _signatures,
    _user_name,
    clean,
    disposition,
)
from .posters import DOCX_TYPE, _paragraph

BODY_PT, TABLE_PT = 14, 11
# Millimetres of the task table's columns (the text block is 165 mm wide).
TASK_COLUMNS = (8, 30, 20, 17, 22, 34, 15, 19)
BLANK = "……………………"


@dataclass(frozen=True)
class Block:
    """One numbered part of the form: a heading, lines, and perhaps the task table."""

    heading: str
    lines: list[str] = field(default_factory=list)
    tasks: list[list[list[str]]] | None = None
    bold_heading: bool = True


@dataclass(frozen=True)
class ReviewForm:
    is_party: bool
    issuer: str
    organisation: str
    national: str
    motto_line: str
    place_date: str
    form_line: str
    title: str
    year_line: str
    status_line: str
    header: list[tuple[str, str]]
    blocks: list[Block]
    closing: list[Block]
    confirm_title: str
    confirm_lines: list[str]
    signer_title: str
    signer_name: str


def level_name(level) -> str:
    if not level:
        return ""
    return f"{Level(int(level)).label} ({short(level)})"


def score_text(score) -> str:
    """85.50 -> "85,5"; 86.00 -> "86" (a decimal comma, as Vietnamese writes it)."""
    text = f"{score:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


def _lines(text: str) -> list[str]:
    return [line.strip() for line in clean(text).splitlines() if line.strip()]


def _or_blank(lines: list[str], empty: str) -> list[str]:
    return lines or [empty]


# The content ----------------------------------------------------------------------------


def _posts(person) -> tuple[str, str]:
    """(party posts, government posts) held now."""
    today = timezone.localdate()
    party, state = [], []
    posts = (
        Post.objects.filter(person=person)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .select_related("unit")
        .order_by("pk")
    )
    for post in posts:
        text = f"{clean(post.title)}, {clean(post.unit.name)}"
        (party if post.unit.is_party_organisation else state).append(text)
    return "; ".join(party), "; ".join(state)


def _person_header(review: Review) -> list[tuple[str, str]]:
    person = review.person
    party_posts, state_posts = _posts(person)
    return [
        (_("Họ và tên"), clean(person.full_name)),
        (_("Ngày sinh"), _dmy(person.birth_date)),
        (_("Chức vụ Đảng"), party_posts),
        (_("Chức vụ chính quyền"), state_posts),
        (_("Chức vụ đoàn thể"), ""),
        (_("Đơn vị công tác"), clean(person.workplace.name) if person.workplace_id else ""),
        (_("Chi bộ"), clean(person.party_cell.name) if person.party_cell_id else ""),
        (_("Nơi kiểm điểm"), clean(review.unit.name)),
    ]


def _collective_header(review: Review) -> list[tuple[str, str]]:
    unit = review.unit
    header = [(_("Tập thể"), clean(unit.name))]
    if unit.parent_id:
        header.append((_("Cấp trên trực tiếp"), clean(unit.parent.name)))
    return header


def _task_cells(row: ReviewTask, n: int) -> list[list[str]]:
    task = row.key_task
    yes, no = _("Có"), _("Không")
    flags = [
        f"{_('Đúng tiến độ')}: {yes if row.on_time else no}",
        f"{_('Đạt chất lượng')}: {yes if row.quality_ok else no}",
        f"{_('Vượt chỉ tiêu')}: {yes if row.exceeded else no}",
    ]
    result = _lines(row.result) or [_("(Chưa ghi kết quả)")]
    evidence = [clean(e.name) for e in task.evidence.all()]
    if evidence:
        result.append(_("Minh chứng: %(files)s") % {"files": ", ".join(evidence)})
    level = PointLevel(row.self_level).label if row.self_level else ""
    return [
        [str(n)],
        [clean(task.title)],
        _lines(task.target),
        [_dmy(task.deadline)],
        _lines(task.product),
        result,
        [str(level)],
        flags,
    ]


def _section_one(review: Review) -> list[Block]:
    tasks = [
        _task_cells(row, n)
        for n, row in enumerate(
            review.tasks.select_related("key_task").prefetch_related("key_task__evidence"), 1
        )
    ]
    blocks = [Block(_("I. ƯU ĐIỂM, KẾT QUẢ ĐẠT ĐƯỢC"))]
    for n, point in enumerate(review.points.all(), 1):
        level = PointLevel(point.self_level).label if point.self_level else _("chưa tự đánh giá")
        lines = _or_blank(_lines(point.text), _("(Chưa có nội dung)"))
        lines.append(_("Tự đánh giá: %(level)s") % {"level": level})
        blocks.append(
            Block(
                f"{n}. {point_label(point.code)}",
                lines,
                tasks=tasks if point.code == "commitment" else None,
                bold_heading=False,
            )
        )
    return blocks


def _self_rating(review: Review) -> list[str]:
    not_yet = _("chưa tự xếp loại")
    lines = []
    if review.is_collective:
        level = review.self_level_party if review.track == Track.PARTY else None
        level = level or review.self_level_staff
        lines.append(_("Tập thể tự nhận mức: %(level)s") % {"level": level_name(level) or not_yet})
    else:
        lines.append(
            _("Là cán bộ, công chức, viên chức: %(level)s")
            % {"level": level_name(review.self_level_staff) or not_yet}
        )
        lines.append(
            _("Là đảng viên: %(level)s") % {"level": level_name(review.self_level_party) or not_yet}
        )
    if review.self_score is not None:
        lines.append(_("Điểm tự chấm: %(score)s/100") % {"score": score_text(review.self_score)})
    if review.general_score is not None:
        lines.append(
            _("Điểm tiêu chí chung: %(score)s/30") % {"score": score_text(review.general_score)}
        )
    return lines


def _sections(review: Review) -> list[Block]:
    blocks = _section_one(review)
    texts = [
        (_("II. HẠN CHẾ, KHUYẾT ĐIỂM VÀ NGUYÊN NHÂN"), review.shortcomings),
        (_("III. KẾT QUẢ KHẮC PHỤC HẠN CHẾ, KHUYẾT ĐIỂM ĐÃ ĐƯỢC CẤP CÓ THẨM QUYỀN KẾT LUẬN"),
         review.earlier_fixes),
        (_("IV. GIẢI TRÌNH CÁC VẤN ĐỀ ĐƯỢC GỢI Ý KIỂM ĐIỂM"), review.explanations),
        (_("V. LÀM RÕ TRÁCH NHIỆM CỦA CÁ NHÂN ĐỐI VỚI HẠN CHẾ, KHUYẾT ĐIỂM CỦA TẬP THỂ"),
         review.collective_share),
        (_("VI. PHƯƠNG HƯỚNG, BIỆN PHÁP KHẮC PHỤC HẠN CHẾ, KHUYẾT ĐIỂM"), review.remedies),
    ]  # fmt: skip
    if review.is_collective:
        texts[3] = (_("V. LÀM RÕ TRÁCH NHIỆM CỦA TẬP THỂ"), review.collective_share)
    for heading, text in texts:
        blocks.append(Block(heading, _or_blank(_lines(text), _("(Không có nội dung)"))))
    blocks.append(Block(_("VII. TỰ NHẬN MỨC XẾP LOẠI CHẤT LƯỢNG"), _self_rating(review)))
    return blocks


def _meeting_lines(review: Review) -> list[str]:
    meeting = review.meeting
    if meeting is None and not review.collective_comments:
        return [_("(Chưa họp góp ý)")]
    lines = []
    if meeting is not None:
        lines.append(
            _("Hội nghị ngày %(day)s; có mặt %(present)s/%(total)s người.")
            % {
                "day": _dmy(meeting.held_on),
                "present": meeting.attendance_present,
                "total": meeting.attendance_total,
            }
        )
        if meeting.chaired_by:
            lines.append(_("Chủ trì: %(name)s") % {"name": clean(meeting.chaired_by)})
    lines += _lines(review.collective_comments)
    votes = "; ".join(f"{short(level)}: {n}" for level, n in review.votes.items())
    lines.append(
        _("Kết quả biểu quyết đề xuất mức xếp loại (số phiếu): %(votes)s") % {"votes": votes}
    )
    return lines


def _proposal_lines(review: Review) -> list[str]:
    if not review.proposed_level:
        return _or_blank(_lines(review.assessment), _("(Chưa đánh giá, đề xuất)"))
    lines = _lines(review.assessment)
    lines.append(_("Mức đề xuất: %(level)s") % {"level": level_name(review.proposed_level)})
    if review.proposed_score is not None:
        lines.append(
            _("Điểm đề xuất: %(score)s/100") % {"score": score_text(review.proposed_score)}
        )
    if review.proposed_at:
        lines.append(
            _("Người đề xuất: %(name)s, ngày %(day)s")
            % {"name": _user_name(review.proposed_by), "day": _dmy(review.proposed_at)}
        )
    return lines


def _decision_lines(review: Review) -> list[str]:
    if review.status != ReviewStatus.DECIDED:
        if review.decided_at and (review.decided_level or review.not_rated):
            return [
                _("Đã mở lại để xem xét (lý do: %(reason)s); mức đã quyết định trước: %(level)s.")
                % {
                    "reason": clean(review.reopen_reason),
                    "level": level_name(review.decided_level) or _("không xếp loại"),
                }
            ]
        return [_("(Chưa quyết định)")]
    level = _("Không xếp loại") if review.not_rated else level_name(review.decided_level)
    lines = [_("Mức xếp loại: %(level)s") % {"level": level}]
    if review.decided_score is not None:
        lines.append(_("Điểm: %(score)s/100") % {"score": score_text(review.decided_score)})
    lines.append(
        _("Cấp quyết định: %(name)s, ngày %(day)s")
        % {"name": _user_name(review.decided_by) or BLANK, "day": _dmy(review.decided_at)}
    )
    lines += _lines(review.decision_note)
    return lines


def _closing(review: Review) -> list[Block]:
    return [
        Block(_("Ý KIẾN GÓP Ý CỦA TẬP THỂ"), _meeting_lines(review)),
        Block(_("NHẬN XÉT, ĐÁNH GIÁ VÀ ĐỀ XUẤT MỨC XẾP LOẠI"), _proposal_lines(review)),
        Block(_("QUYẾT ĐỊNH XẾP LOẠI CỦA CẤP CÓ THẨM QUYỀN"), _decision_lines(review)),
    ]


def _is_party(review: Review) -> bool:
    """The party's header on the party track; the state's on the state track, even
    where the workplace is itself a party organisation's unit (a school's đảng bộ)."""
    return review.track == Track.PARTY


def _confirm_title(review: Review) -> str:
    if review.is_collective:
        return _("XÁC NHẬN CỦA CẤP TRÊN")
    if review.track == Track.STATE:
        return _("XÁC NHẬN CỦA THỦ TRƯỞNG ĐƠN VỊ")
    if review.unit.kind == UnitKind.PARTY_CELL:
        return _("XÁC NHẬN CỦA CHI BỘ")
    if review.unit.is_party_organisation:
        return _("XÁC NHẬN CỦA CẤP ỦY")
    return _("XÁC NHẬN CỦA ĐƠN VỊ")  # a post in a unit reviewed on the party track


def _title(review: Review) -> str:
    if not review.is_collective:
        return _("BẢN KIỂM ĐIỂM CÁ NHÂN")
    if review.subject == Subject.LEADERSHIP:
        return _("BÁO CÁO KIỂM ĐIỂM TẬP THỂ LÃNH ĐẠO, QUẢN LÝ %(unit)s") % {
            "unit": clean(review.unit.name).upper()
        }
    return _("BÁO CÁO KIỂM ĐIỂM TẬP THỂ %(unit)s") % {"unit": clean(review.unit.name).upper()}


def _with_relations(review: Review) -> Review:
    return (
        Review.objects.select_related(
            "period",
            "unit__parent",
            "person__workplace",
            "person__party_cell",
            "meeting",
            "proposed_by__person",
            "decided_by__person",
            "rule_set",
        )
        .prefetch_related("points")
        .get(pk=review.pk)
    )


def review_form(review: Review) -> ReviewForm:
    """What the printed form of `review` says, in Vietnamese."""
    review = _with_relations(review)
    with translation.override("vi"):
        party, home = _is_party(review), review.unit
        parent = home.parent if home.parent_id else None
        day = timezone.localdate(review.submitted_at) if review.submitted_at else None
        day = day or timezone.localdate()
        status = "" if review.is_locked else review.get_status_display()
        return ReviewForm(
            is_party=party,
            issuer=clean(parent.name).upper() if parent else "",
            organisation=clean(home.name).upper(),
            national=_("ĐẢNG CỘNG SẢN VIỆT NAM")
            if party
            else _("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
            motto_line="" if party else _("Độc lập - Tự do - Hạnh phúc"),
            place_date=_("%(place)s, ngày %(d)s tháng %(m)s năm %(y)s")
            % {
                "place": _place(home),
                "d": f"{day.day:02d}",
                "m": f"{day.month:02d}",
                "y": day.year,
            },
            form_line=_("Mẫu %(form)s") % {"form": review.form},
            title=_title(review),
            year_line=_period_words(review.period).capitalize(),
            status_line=_("Bản đang ở bước: %(status)s") % {"status": status} if status else "",
            header=_collective_header(review) if review.is_collective else _person_header(review),
            blocks=_sections(review),
            closing=_closing(review),
            confirm_title=_confirm_title(review),
            confirm_lines=[_("(Ký tên, đóng dấu)")],
            signer_title=_("ĐẠI DIỆN TẬP THỂ") if review.is_collective else _("NGƯỜI TỰ KIỂM ĐIỂM"),
            signer_name="" if review.is_collective else clean(review.person.full_name),
        )


# The Word file ----------------------------------------------------------------------------


def _task_table(doc, tasks: list[list[list[str]]]) -> None:
    from docx.shared import Mm

    labels = [_("STT"), _("Nhiệm vụ"), _("Chỉ tiêu"), _("Thời hạn"), _("Sản phẩm")]
    labels += [_("Kết quả thực hiện"), _("Tự đánh giá"), _("Tiến độ, chất lượng")]
    table = doc.add_table(rows=1, cols=len(labels))
    table.style = doc.styles["Table Grid"]
    table.autofit = False
    _repeat_header(table.rows[0])
    for cell, label, width in zip(table.rows[0].cells, labels, TASK_COLUMNS, strict=True):
        cell.width = Mm(width)
        _cell(cell, [label], bold=True, size=TABLE_PT)
    for values in tasks:
        cells = table.add_row().cells
        for index, (cell, lines, width) in enumerate(zip(cells, values, TASK_COLUMNS, strict=True)):
            cell.width = Mm(width)
            _cell(cell, lines, center=index in (0, 3, 6), size=TABLE_PT)


def _block(doc, block: Block) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm

    _paragraph(doc, block.heading, bold=block.bold_heading, italic=not block.bold_heading, after=3)
    for line in block.lines:
        paragraph = _paragraph(doc, line, after=2)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        paragraph.paragraph_format.first_line_indent = Mm(10)
    if block.tasks is not None:
        if block.tasks:
            _task_table(doc, block.tasks)
        else:
            _paragraph(doc, _("(Kế hoạch chưa có nhiệm vụ trọng tâm được phê duyệt)"), italic=True)


def review_docx(review: Review) -> bytes:
    """The review as a Word file (A4, Times New Roman) laid out like the paper form."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    form = review_form(review)
    doc = _document()
    with translation.override("vi"):
        _paragraph(doc, form.form_line, italic=True, after=2).alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _masthead(doc, form)
        title = _paragraph(doc, form.title, bold=True, size=BODY_PT, center=True, after=0)
        title.paragraph_format.space_before = Pt(12)
        _paragraph(doc, form.year_line, bold=True, center=True, after=6)
        if form.status_line:
            _paragraph(doc, form.status_line, italic=True, center=True, after=6)
        for label, value in form.header:
            _paragraph(doc, f"{label}: {value or BLANK}", after=2)
        for block in form.blocks:
            _block(doc, block)
        for block in form.closing:
            _block(doc, block)
        _signatures(doc, form)
    doc.core_properties.title = f"{form.title} {form.year_line}"
    doc.core_properties.language = "vi-VN"
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def review_filenames(review: Review) -> tuple[str, str]:
    year = review.period.starts_on.year
    track = "dang" if review.track == Track.PARTY else "chinh-quyen"
    if review.is_collective:
        slug = slugify(review.unit.code) or f"don-vi-{review.unit_id}"
        owner, what = review.unit.name, "Kiểm điểm tập thể"
    else:
        slug = slugify(review.person.code) or f"nguoi-{review.person_id}"
        owner, what = review.person.full_name, "Bản kiểm điểm"
    ascii_name = f"kiem-diem-{slug}-{year}-{track}-{review.pk}.docx"
    return ascii_name, f"{what} - {owner} - {review.unit.name} - {review.period.name}.docx"


def review_docx_response(review: Review) -> HttpResponse:
    body = review_docx(review)
    response = HttpResponse(body, content_type=DOCX_TYPE)
    response["Content-Disposition"] = disposition(*review_filenames(review))
    response["Content-Length"] = str(len(body))
    response["Cache-Control"] = "private, no-store"
    return response
