"""Text helpers: diacritic-free folding for search."""

import re
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


_ALNUM = re.compile(r"[a-z0-9]+")
TOKEN_LENGTH = 40


def tokens(text: str | None) -> list[str]:
    """The distinct folded words of `text`, letters and digits only: "Nguyễn Văn Đạt"
    -> ["nguyen", "van", "dat"]. What the people search indexes and matches."""
    seen: dict[str, None] = {}
    for word in _ALNUM.findall(fold(text)):
        seen.setdefault(word[:TOKEN_LENGTH], None)
    return list(seen)


def prefix_bounds(word: str) -> tuple[str, str]:
    """(low, high) with low <= t < high exactly for the [a-z0-9] tokens t starting with
    `word`. An index range, not LIKE, so it is fast on SQLite and on PostgreSQL under
    any collation that orders lower-case letters and digits as ASCII does."""
    chars = list(word)
    while chars:
        last = chars.pop()
        if last == "z":
            continue
        return word, "".join(chars) + ("a" if last == "9" else chr(ord(last) + 1))
    return word, "{"  # every token starts with "z…": nothing sorts above "{"


def code_token(code: str | None) -> str:
    """A code as one token: "QN-000123" -> "qn000123"."""
    return "".join(_ALNUM.findall(fold(code)))[:TOKEN_LENGTH]


def person_tokens(full_name: str, code: str) -> list[str]:
    """The name's words, the code's parts and the whole code: "QN-000123" gives "qn",
    "000123" and "qn000123", so the code is found typed with or without its dash."""
    words = tokens(f"{full_name} {code}")
    whole = code_token(code)
    return [*words, whole] if whole and whole not in words else words
