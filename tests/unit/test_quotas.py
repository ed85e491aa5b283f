"""Quotas, without I/O: the token buckets and the in-flight cap, on a clock the test moves."""

from __future__ import annotations

import pytest

from chorus.quotas import Limiter, QuotaExceeded, Quotas


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def admitted(limiter: Limiter, tenant: str, caller: str = "c") -> bool:
    try:
        with limiter.admit(tenant, caller):
            return True
    except QuotaExceeded:
        return False


def test_a_tenant_gets_a_second_of_burst_then_its_rate_and_says_when_to_retry() -> None:
    clock = Clock()
    limiter = Limiter(Quotas(tenant_rate=10, caller_rate=0, tenant_in_flight=0), clock)
    assert all(admitted(limiter, "acme") for _ in range(10))
    with pytest.raises(QuotaExceeded) as refused, limiter.admit("acme", "c"):
        pass
    assert refused.value.subject == "tenant acme"
    assert refused.value.retry_after == pytest.approx(0.1)
    clock.now += 0.1
    assert admitted(limiter, "acme") and not admitted(limiter, "acme")
    clock.now += 60  # an idle minute refills one second's worth, not sixty
    assert sum(admitted(limiter, "acme") for _ in range(30)) == 10


def test_one_tenant_over_its_quota_leaves_the_others_theirs() -> None:
    limiter = Limiter(Quotas(tenant_rate=5, caller_rate=0, tenant_in_flight=0,
                             per_tenant={"big": 50}), Clock())
    assert sum(admitted(limiter, "noisy") for _ in range(100)) == 5
    assert sum(admitted(limiter, "quiet") for _ in range(5)) == 5
    assert sum(admitted(limiter, "big") for _ in range(100)) == 50


def test_a_caller_over_its_quota_is_refused_without_spending_the_tenants() -> None:
    limiter = Limiter(Quotas(tenant_rate=10, caller_rate=3, tenant_in_flight=0), Clock())
    assert sum(admitted(limiter, "acme", "script") for _ in range(20)) == 3
    # the 17 refused calls of the script took nothing from the tenant's bucket
    assert sum(admitted(limiter, "acme", f"user{i}") for i in range(20)) == 7


def test_calls_in_flight_are_capped_per_tenant_and_places_come_back() -> None:
    limiter = Limiter(Quotas(tenant_rate=0, caller_rate=0, tenant_in_flight=2), Clock())
    first, second = limiter.admit("acme", "a"), limiter.admit("acme", "b")
    first.__enter__()
    second.__enter__()
    assert not admitted(limiter, "acme") and admitted(limiter, "other")
    first.__exit__(None, None, None)
    assert admitted(limiter, "acme")
    second.__exit__(None, None, None)
    assert limiter.in_flight == {}


def test_a_failing_call_gives_its_place_back() -> None:
    limiter = Limiter(Quotas(tenant_rate=0, caller_rate=0, tenant_in_flight=1), Clock())
    with pytest.raises(ZeroDivisionError), limiter.admit("acme", "a"):
        raise ZeroDivisionError
    assert admitted(limiter, "acme")


def test_idle_buckets_are_forgotten_when_there_are_too_many() -> None:
    clock = Clock()
    limiter = Limiter(Quotas(tenant_rate=0, caller_rate=1, tenant_in_flight=0), clock)
    limiter.MAX_BUCKETS = 100
    for i in range(100):
        admitted(limiter, "acme", f"c{i}")
    clock.now += 5
    admitted(limiter, "acme", "newcomer")
    assert len(limiter.buckets) == 1


def test_quotas_are_read_from_settings_and_bad_ones_refused() -> None:
    q = Quotas.parse("100", "20", "8", "acme=5, globex=2.5")
    assert (q.rate_of("acme"), q.rate_of("globex"), q.rate_of("other")) == (5, 2.5, 100)
    for bad in ("acme", "=5", "acme=-1"):
        with pytest.raises(ValueError):
            Quotas.parse("100", "20", "8", bad)
