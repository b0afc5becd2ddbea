"""Two officers approve and return the same version at the same moment: exactly one
wins, on SQLite and on PostgreSQL, with real concurrent transactions."""

import threading

import pytest
from django.db import connection, connections

from neuguong.core.access import Role
from neuguong.core.errors import DomainError
from neuguong.core.models import AuditEntry
from neuguong.organisations.factories import give_role, make_user
from neuguong.standards import services
from neuguong.standards.factories import make_code
from neuguong.standards.models import CodeStatus, EthicsCode


@pytest.mark.django_db(transaction=True)
def test_approve_and_return_at_once_exactly_one_wins(province, period):
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith("file:memory"):
        pytest.fail("the SQLite test database must be a file (see settings)")
    second = make_user("officer2")
    give_role(second, Role.PROPAGANDA, province.root)
    code = make_code(province.hoa_an, period, status=CodeStatus.SUBMITTED)
    barrier = threading.Barrier(2)
    outcomes = {}

    def decide(name, action):
        try:
            barrier.wait(timeout=10)
            fresh = EthicsCode.objects.get(pk=code.pk)
            if action == "approve":
                services.approve_code(fresh, by=province.users["propaganda"], version=fresh.version)
            else:
                services.return_code(fresh, by=second, version=fresh.version, reason="Chưa đạt")
            outcomes[name] = "won"
        except DomainError as exc:
            outcomes[name] = exc.code
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=decide, args=("a", "approve")),
        threading.Thread(target=decide, args=("b", "return")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(outcomes.values()) == ["conflict", "won"], outcomes
    code.refresh_from_db()
    assert code.status in (CodeStatus.APPROVED, CodeStatus.RETURNED)
    assert AuditEntry.objects.filter(action__in=["code.approve", "code.return"]).count() == 1
    assert code.version == 2
