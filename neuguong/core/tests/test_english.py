"""The English interface, which comes from locale/en/LC_MESSAGES/django.po (and its .mo).

The msgids are Vietnamese, the source language. These tests check that English is served
when asked for, and guard the catalogue: every entry translated, nothing fuzzy, the
format fields (%(name)s, {{ var }}) kept, and the compiled .mo in step with the .po.
"""

import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings

LOCALE_DIR = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"
PO_FILE = LOCALE_DIR / "django.po"
MO_FILE = LOCALE_DIR / "django.mo"

# Vietnamese text that stays on an English page on purpose: the product name and the
# language switch back to Vietnamese.
KEPT = ["Nêu gương", "Tiếng Việt"]
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\{.*?\}\}")


def vietnamese_left(html: str, also_allowed=()) -> list[str]:
    """The words with non-ASCII letters left once the allowed strings are taken out."""
    for text in sorted([*KEPT, *also_allowed], key=len, reverse=True):
        html = html.replace(text, " ")
    return sorted(
        {w for w in re.findall(r"\w+", html) if any(c.isalpha() and ord(c) > 127 for c in w)}
    )


# --- the sign-in page -------------------------------------------------------------------


def assert_english_sign_in(response):
    assert response.status_code == 200
    body = response.content.decode()
    assert 'lang="en"' in body
    assert "Sign in" in body
    assert "Username" in body and "Password" in body
    assert "Skip to main content" in body
    for vietnamese in ("Đăng nhập", "Tên đăng nhập", "Mật khẩu", "Bỏ qua, đến nội dung chính"):
        assert vietnamese not in body
    assert vietnamese_left(body) == []


def test_sign_in_page_in_english_from_accept_language(client, db):
    assert_english_sign_in(client.get("/login/", HTTP_ACCEPT_LANGUAGE="en"))


def test_sign_in_page_in_english_from_the_language_cookie(client, db):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert_english_sign_in(client.get("/login/"))


def test_language_switch_sets_english_and_back(client, db):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/login/"})
    assert response.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert_english_sign_in(client.get("/login/"))

    client.post("/i18n/setlang/", {"language": "vi", "next": "/login/"})
    body = client.get("/login/").content.decode()
    assert 'lang="vi"' in body and "Đăng nhập" in body


def test_sign_in_errors_in_english(client, db):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post("/login/", {"username": "nobody", "password": "wrong-password"})
    body = response.content.decode()
    assert "Incorrect username or password." in body
    assert vietnamese_left(body) == []


# --- signed-in pages ---------------------------------------------------------------------

# The navigation an organisation officer sees (role assignment is for administrators).
NAV = {
    "Organisation tree": "Cây tổ chức",
    "Cadres and party members": "Cán bộ, đảng viên",
    "Change log": "Nhật ký",
    "Account": "Tài khoản",
    "Sign out": "Đăng xuất",
}


def data_names(province):
    """Names that are data, not interface: they stay Vietnamese in English."""
    from neuguong.organisations.models import Area, Person, Sector, Unit

    names = [*Unit.objects.values_list("name", flat=True)]
    names += [*Person.objects.values_list("full_name", flat=True)]
    names += [*Sector.objects.values_list("name", flat=True)]
    names += [*Area.objects.values_list("name", flat=True)]
    return names


@pytest.fixture
def english_officer(client_for):
    c = client_for("org_officer")
    c.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return c


def test_units_page_has_english_navigation(english_officer, province):
    response = english_officer.get("/units/")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'lang="en"' in body
    for english, vietnamese in NAV.items():
        assert english in body
        assert f">{vietnamese}<" not in body
    assert "Provincial Party Committee" in body  # the root's kind, a model choice
    assert vietnamese_left(body, data_names(province)) == []


@pytest.mark.parametrize("page", ["/", "/account/", "/units/{root}/", "/people/"])
def test_other_pages_have_no_vietnamese_interface_text(english_officer, province, page):
    response = english_officer.get(page.format(root=province.root.pk))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Sign out" in body
    assert vietnamese_left(body, data_names(province)) == []


# --- the catalogue -----------------------------------------------------------------------


KEYWORD_LINE = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+"(.*)"$')


def unquote(s: str) -> str:
    escapes = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "r": "\r"}
    return re.sub(r"\\(.)", lambda m: escapes.get(m.group(1), m.group(0)), s)


def read_po(path: Path) -> list[dict]:
    """Entries of a .po file: {"flags", "msgid", "msgid_plural", "msgstr": {index: text}, "line"}.

    Enough of the format for the files makemessages writes; obsolete (#~) entries are skipped.
    """
    entries = []
    for block_start, block in _blocks(path.read_text(encoding="utf-8")):
        entry = {
            "flags": set(),
            "msgid": None,
            "msgid_plural": None,
            "msgstr": {},
            "line": block_start,
        }
        field = None
        for line in block:
            if line.startswith("#~") or not line.strip():
                continue
            if line.startswith("#,"):
                entry["flags"] |= {f.strip() for f in line[2:].split(",")}
            elif line.startswith("#"):
                continue
            elif m := re.match(
                r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+"(.*)"$', line
            ):
                keyword, index, text = m.groups()
                if keyword.startswith("msgstr"):
                    field = ("msgstr", int(index or 0))
                    entry["msgstr"][field[1]] = unquote(text)
                else:
                    field = (keyword, None)
                    entry[keyword] = unquote(text)
            elif m := re.match(r'^"(.*)"$', line):
                assert field is not None, (
                    f"{path}:{block_start}: continuation line without a keyword"
                )
                if field[0] == "msgstr":
                    entry["msgstr"][field[1]] += unquote(m.group(1))
                else:
                    entry[field[0]] += unquote(m.group(1))
            else:
                raise AssertionError(f"{path}:{block_start}: cannot read line {line!r}")
        if entry["msgid"] is not None:
            entries.append(entry)
    return entries


def _blocks(text: str):
    block, start = [], 1
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip():
            if not block:
                start = number
            block.append(line)
        elif block:
            yield start, block
            block = []
    if block:
        yield start, block


@pytest.fixture(scope="module")
def po_entries():
    assert PO_FILE.exists(), f"{PO_FILE} is missing"
    return read_po(PO_FILE)


def test_the_catalogue_header_is_english_and_not_fuzzy(po_entries):
    header = po_entries[0]
    assert header["msgid"] == ""
    assert "fuzzy" not in header["flags"]
    assert "Language: en\n" in header["msgstr"][0]
    assert "charset=UTF-8" in header["msgstr"][0]


def test_every_entry_is_translated_and_not_fuzzy(po_entries):
    messages = [e for e in po_entries if e["msgid"] != ""]
    assert len(messages) > 250
    problems = []
    for e in messages:
        where = f"django.po:{e['line']} {e['msgid']!r}"
        if "fuzzy" in e["flags"]:
            problems.append(f"{where}: fuzzy")
        wanted = 2 if e["msgid_plural"] is not None else 1
        forms = [e["msgstr"].get(i, "") for i in range(wanted)]
        if not all(f.strip() for f in forms):
            problems.append(f"{where}: not translated")
        sources = [e["msgid"]] + ([e["msgid_plural"]] if e["msgid_plural"] is not None else [])
        for source, translation in zip(sources * wanted, forms, strict=False):
            if translation and sorted(PLACEHOLDER.findall(source)) != sorted(
                PLACEHOLDER.findall(translation)
            ):
                problems.append(f"{where}: format fields differ in {translation!r}")
    assert problems == [], "\n".join(problems)


def test_the_compiled_catalogue_matches_the_po(po_entries):
    """Edit the .po and forget `msgfmt -o django.mo django.po` (or compilemessages): this fails."""
    with MO_FILE.open("rb") as f:
        mo = gettext.GNUTranslations(f)
    stale = []
    for e in po_entries:
        if e["msgid"] == "" or e["msgid_plural"] is not None:
            continue
        if mo.gettext(e["msgid"]) != e["msgstr"][0]:
            stale.append(e["msgid"])
    for e in po_entries:
        if e["msgid_plural"] is not None:
            for n, index in ((1, 0), (2, 1)):
                if mo.ngettext(e["msgid"], e["msgid_plural"], n) != e["msgstr"].get(index):
                    stale.append(e["msgid"])
    assert stale == [], "django.mo is out of date for: " + ", ".join(map(repr, stale))
