from neuguong.core.text import prefix_bounds, tokens
from neuguong.organisations import views
from neuguong.organisations.factories import make_person
from neuguong.organisations.models import Person, PersonNameToken


def test_tokens_fold_diacritics_and_split_on_punctuation():
    assert tokens("Nguyễn Văn Đạt, nguyễn") == ["nguyen", "van", "dat"]


def test_prefix_bounds_cover_exactly_the_words_with_that_prefix():
    low, high = prefix_bounds("an")
    assert [w for w in ["am", "an", "anh", "ao", "b"] if low <= w < high] == ["an", "anh"]
    assert prefix_bounds("az") == ("az", "b")
    assert prefix_bounds("a9") == ("a9", "aa")


def test_search_matches_word_prefixes_without_diacritics(province):
    found = Person.objects.search("nguyen van an")
    assert list(found) == [province.people.member]
    assert set(Person.objects.search("d")) >= {province.people.unit_head, province.people.villager}
    assert list(Person.objects.search("ĐÀO")) == [province.people.villager]


def test_search_finds_a_code_typed_with_or_without_its_dash(province):
    person = make_person("Lý Thị Mai", workplace=province.dong, code="QN-000777")
    assert list(Person.objects.search("qn000777")) == [person]
    assert list(Person.objects.search("QN-000777")) == [person]


def test_renaming_a_person_reindexes_their_name(province):
    from neuguong.organisations import services

    person = province.people.villager
    services.update_person(
        person, by=province.users["org_officer"], version=1, full_name="Phạm Thị Xuân",
        code=person.code,
    )  # fmt: skip
    assert list(Person.objects.search("xuan")) == [person]
    assert not Person.objects.search("dao").filter(pk=person.pk).exists()
    assert PersonNameToken.objects.filter(person=person, token="dao").count() == 0


def test_a_search_matching_more_than_the_cap_says_so(client_for, province, monkeypatch):
    monkeypatch.setattr(views, "SEARCH_CAP", 2)
    response = client_for("org_officer").get("/people/", {"q": "thi"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Có hơn 2 người khớp" in body


def test_demo_loader_indexes_names_like_the_services(db):
    """On PostgreSQL the loader computes tokens in SQL; they must equal Python's."""
    from collections import defaultdict

    from django.core.management import call_command

    from neuguong.core.text import person_tokens

    call_command("seed_demo", scale="small", seed=3, verbosity=0)
    stored = defaultdict(set)
    for person_id, token in PersonNameToken.objects.values_list("person_id", "token"):
        stored[person_id].add(token)
    people = Person.objects.values_list("pk", "full_name", "code")
    assert stored == {pk: set(person_tokens(name, code)) for pk, name, code in people}
