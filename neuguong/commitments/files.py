"""Evidence files, checked by what they contain, never by their name.

Accepted: PDF, PNG, JPEG, and Office Open XML documents without macros (docx, xlsx,
pptx). Refused: anything else (a program renamed .pdf is refused for what it is), an
Office file carrying macros (.docm and the like, whatever its name), an archive that
would unpack to more than it should, and files over settings.EVIDENCE_MAX_BYTES.
"""

import hashlib
import os
import unicodedata
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from neuguong.core.errors import DomainError

MAX_UNPACKED = 200 * 1024 * 1024
MAX_ENTRIES = 5000
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpeg": "image/jpeg",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}
OOXML_PARTS = {
    "word/document.xml": "docx",
    "xl/workbook.xml": "xlsx",
    "ppt/presentation.xml": "pptx",
}


@dataclass(frozen=True)
class Checked:
    name: str
    kind: str
    size: int
    sha256: str


def _megabytes(n: int) -> str:
    return f"{n / 1024 / 1024:.1f}".replace(".", ",")


def clean_name(name: str) -> str:
    name = os.path.basename(str(name or "").replace("\\", "/"))
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C").strip()
    return name[:200] or "tep"


def _refuse(message) -> DomainError:
    return DomainError(message, field="file", code="bad_file")


def _office_kind(upload, name: str) -> str:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            entries = archive.infolist()
            if len(entries) > MAX_ENTRIES or sum(e.file_size for e in entries) > MAX_UNPACKED:
                raise _refuse(_("Tệp “%(name)s” có cấu trúc bất thường.") % {"name": name})
            names = {e.filename for e in entries}
            types = (
                archive.read("[Content_Types].xml").decode("utf-8", "replace")
                if "[Content_Types].xml" in names
                else ""
            )
    except zipfile.BadZipFile:
        raise _refuse(_("Tệp “%(name)s” bị hỏng.") % {"name": name}) from None
    if any(n.lower().endswith("vbaproject.bin") for n in names) or "macroEnabled" in types:
        raise _refuse(
            _("Tệp “%(name)s” chứa macro (mã lệnh tự chạy) nên không được nhận.") % {"name": name}
        )
    for part, kind in OOXML_PARTS.items():
        if part in names and types:
            return kind
    raise _refuse(
        _("Tệp “%(name)s” không phải tài liệu Word, Excel hay PowerPoint hợp lệ.") % {"name": name}
    )


def sniff(upload, name: str) -> str:
    upload.seek(0)
    head = upload.read(8)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"PK\x03\x04"):
        return _office_kind(upload, name)
    if head.startswith((b"MZ", b"\x7fELF", b"#!")):
        raise _refuse(
            _("Tệp “%(name)s” là một chương trình chạy được, không phải tài liệu; không được nhận.")
            % {"name": name}
        )
    raise _refuse(
        _(
            "Tệp “%(name)s” không thuộc các loại được nhận: PDF, ảnh PNG hoặc JPEG, "
            "Word, Excel, PowerPoint (không có macro)."
        )
        % {"name": name}
    )


def check_upload(upload) -> Checked:
    name = clean_name(getattr(upload, "name", ""))
    size = int(getattr(upload, "size", 0) or 0)
    limit = settings.EVIDENCE_MAX_BYTES
    if size > limit:
        raise _refuse(
            _("Tệp “%(name)s” nặng %(size)s MB; tối đa %(limit)s MB.")
            % {"name": name, "size": _megabytes(size), "limit": _megabytes(limit)}
        )
    if size == 0:
        raise _refuse(_("Tệp “%(name)s” rỗng.") % {"name": name})
    kind = sniff(upload, name)
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in (
        upload.chunks() if hasattr(upload, "chunks") else iter(lambda: upload.read(65536), b"")
    ):
        digest.update(chunk)
    upload.seek(0)
    return Checked(name=name, kind=kind, size=size, sha256=digest.hexdigest())
