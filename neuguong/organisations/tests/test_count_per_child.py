"""PersonQuerySet.count_per_child: the people under each direct child, in one query."""

from neuguong.organisations.models import Person


def test_counts_people_by_the_child_that_holds_their_workplace(province, django_assert_num_queries):
    with django_assert_num_queries(1):
        counts = Person.objects.count_per_child(province.root)
    assert counts == {province.hoa_an.pk: 4, province.binh_minh.pk: 2, province.board.pk: 1}


def test_counts_by_party_cell_when_asked(province):
    counts = Person.objects.count_per_child(province.root, via="party_cell")
    assert counts == {province.hoa_an.pk: 4, province.binh_minh.pk: 2}


def test_people_working_in_the_unit_itself_belong_to_no_child(province):
    # The unit head and the villager work at the commune committee itself.
    assert Person.objects.count_per_child(province.hoa_an) == {province.school.pk: 2}


def test_counts_only_the_people_of_the_queryset(province):
    nguyen = Person.objects.filter(full_name__startswith="Nguyễn")
    assert nguyen.count_per_child(province.root) == {province.hoa_an.pk: 1}
