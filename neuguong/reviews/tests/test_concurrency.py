"""Two officers decide HTXS in the same quota group at the same moment. The group
allows one more HTXS: exactly one decision wins, on SQLite and on PostgreSQL, with
real concurrent transactions. The rule checks are slowed down so that, without the
group lock, both would read the same counts and both would pass."""

import threading
import time
from decimal import Decimal

import pytest
from django.db import connection, connections

from neuguong.core.access import Role
from neuguong.core.errors import DomainError
from neuguong.core.models import AuditEntry
from neuguong.organisations.factories import give_role, make_person, make_user
from neuguong.reviews import checks, services
from neuguong.reviews.factories import make_review
from neuguong.reviews.models import Review


@pytest.mark.django_db(transaction=True)
def test_two_deciders_never_break_the_quota_together(province, period, monkeypatch):
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith("file:memory"):
        pytest.fail("the SQLite test database must be a file (see settings)")
    second = make_user("officer2")
    give_role(second, Role.ORG_OFFICER, province.root)
    for i in range(10):  # 10 HTT and 1 HTXS: at most 2 HTXS
        p = make_person(f"Đảng viên {i}", workplace=province.school, party_cell=province.maths)
        make_review(p, period, decided=2 if i else 1, score=Decimal(95))
    p = make_person("Đảng viên 10", workplace=province.school, party_cell=province.maths)
    make_review(p, period, decided=2, score=Decimal(95))
    a = make_review(province.people.member, period, proposed=1, score=Decimal(95))
    b = make_review(province.people.secretary, period, proposed=1, score=Decimal(95))
    real = checks.evaluate

    def slow(*args, **kwargs):
        result = real(*args, **kwargs)
        time.sleep(0.4)  # the window in which an unlocked rival would read stale counts
        return result

    monkeypatch.setattr(services, "evaluate", slow)
    barrier = threading.Barrier(2)
    outcomes = {}

    def decide(name, review, user):
        try:
            barrier.wait(timeout=10)
            fresh = Review.objects.get(pk=review.pk)
            services.decide_level(fresh, by=user, level=1)
            outcomes[name] = "won"
        except DomainError as exc:
            outcomes[name] = exc.message
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=decide, args=("a", a, province.users["org_officer"])),
        threading.Thread(target=decide, args=("b", b, second)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(outcomes) == ["a", "b"], outcomes
    won = [k for k, v in outcomes.items() if v == "won"]
    assert len(won) == 1, outcomes
    lost = outcomes["b" if won == ["a"] else "a"]
    assert "đã có 2 HTXS trên 10 HTT; tối đa 2 HTXS" in lost
    assert Review.objects.filter(period=period, decided_level=1).count() == 2
    assert AuditEntry.objects.filter(action="review.decide").count() == 1
