"""Text helpers: diacritic-free folding for search."""

import unicodedata

_EXTRA = str.maketrans({"đ": "d", "Đ": "d"})


def fold(text: str | None) -> str:
    """Lower-case `text`, drop Vietnamese diacritics and collapse spaces.

    "Nguyễn Văn Đạt" -> "nguyen van dat". Used for the indexed search columns and for
    search input, so that "nguyen van an" finds "Nguyễn Văn An" and "d" matches "đ".
    """
    if not text:
        return ""
    text = text.translate(_EXTRA)
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(stripped.lower().split())
