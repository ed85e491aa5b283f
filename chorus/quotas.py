"""Per-tenant and per-caller quotas, so that one tenant (or one runaway script) cannot starve
the others: a token bucket per tenant and per caller, and a cap on each tenant's calls in
flight. A refused call costs almost nothing (it is refused before any handler, database or
NATS work) and tells the caller when to come back (`RESOURCE_EXHAUSTED` with
`google.rpc.RetryInfo`).

Limits are per process: with N replicas behind a balancer a tenant gets up to N times its
quota, which is what a platform team sizes replicas for."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field


class QuotaExceeded(Exception):
    """A call over its tenant's or caller's quota (RESOURCE_EXHAUSTED: retry after a delay)."""

    def __init__(self, subject: str, description: str, retry_after: float) -> None:
        super().__init__(f"{description}; retry in {retry_after:.2f} s")
        self.subject, self.description, self.retry_after = subject, description, retry_after


@dataclass(frozen=True)
class Quotas:
    """Calls per second (a second's worth may come at once) and calls in flight; 0 is no
    limit. `per_tenant` overrides the tenant rate for named tenants (their plan)."""

    tenant_rate: float = 2000
    caller_rate: float = 1000
    tenant_in_flight: int = 200
    per_tenant: Mapping[str, float] = field(default_factory=dict)

    @classmethod
    def parse(cls, tenant_rate: str, caller_rate: str, in_flight: str,
              per_tenant: str) -> Quotas:
        """From the CHORUS_* settings; `per_tenant` is `tenant=rate,tenant=rate`."""
        overrides: dict[str, float] = {}
        for item in filter(None, (p.strip() for p in per_tenant.split(","))):
            tenant, sep, rate = item.partition("=")
            if not sep or not tenant.strip():
                raise ValueError(f"tenant quota {item!r}: expected tenant=calls_per_second")
            overrides[tenant.strip()] = float(rate)
        quotas = cls(float(tenant_rate), float(caller_rate), int(in_flight), overrides)
        if min(quotas.tenant_rate, quotas.caller_rate, quotas.tenant_in_flight,
               *overrides.values()) < 0:
            raise ValueError("quotas cannot be negative")
        return quotas

    def rate_of(self, tenant: str) -> float:
        return self.per_tenant.get(tenant, self.tenant_rate)


@dataclass
class Bucket:
    """`rate` tokens a second, holding at most one second's worth."""

    rate: float
    tokens: float
    at: float

    def refill(self, now: float) -> None:
        self.tokens = min(self.rate, self.tokens + (now - self.at) * self.rate)
        self.at = now

    def wait(self) -> float:
        """Seconds until a token is there (0: one is there now)."""
        # (a hair of tolerance: a caller who waited exactly as told is let in)
        return 0.0 if self.tokens >= 1 - 1e-9 else (1 - self.tokens) / self.rate


class Limiter:
    MAX_BUCKETS = 50_000  # beyond this, idle full buckets are forgotten (they hold no debt)

    def __init__(self, quotas: Quotas, clock: Callable[[], float] = time.monotonic) -> None:
        self.quotas, self.clock = quotas, clock
        self.buckets: dict[tuple[str, str], Bucket] = {}
        self.in_flight: dict[str, int] = {}

    def _bucket(self, key: tuple[str, str], rate: float, now: float) -> Bucket:
        bucket = self.buckets.get(key)
        if bucket is None:
            if len(self.buckets) >= self.MAX_BUCKETS:
                self._forget_idle(now)
            bucket = self.buckets[key] = Bucket(rate, rate, now)
        bucket.rate = rate  # a changed plan applies at once
        bucket.refill(now)
        return bucket

    def _forget_idle(self, now: float) -> None:
        for key, bucket in list(self.buckets.items()):
            bucket.refill(now)
            if bucket.tokens >= bucket.rate:
                del self.buckets[key]

    @contextmanager
    def admit(self, tenant: str, caller: str) -> Iterator[None]:
        """Holds one of the tenant's in-flight places for the call, or raises QuotaExceeded
        without taking anything from either bucket."""
        now = self.clock()
        waits = []
        taken = []
        tenant_rate, caller_rate = self.quotas.rate_of(tenant), self.quotas.caller_rate
        if tenant_rate:
            taken.append(self._bucket(("tenant", tenant), tenant_rate, now))
            waits.append((taken[-1].wait(), f"tenant {tenant}",
                          f"tenant over its quota of {tenant_rate:g} calls/s"))
        if caller_rate:
            taken.append(self._bucket(("caller", f"{tenant}/{caller}"), caller_rate, now))
            waits.append((taken[-1].wait(), f"caller {caller}",
                          f"caller over its quota of {caller_rate:g} calls/s"))
        cap = self.quotas.tenant_in_flight
        if cap and self.in_flight.get(tenant, 0) >= cap:
            # Places free as calls end; a short wait is the honest hint.
            waits.append((0.05, f"tenant {tenant}",
                          f"tenant has {cap} calls in flight, its limit"))
        refusals = [w for w in waits if w[0] > 0]
        if refusals:
            wait, subject, description = max(refusals)
            raise QuotaExceeded(subject, description, wait)
        for bucket in taken:
            bucket.tokens -= 1
        self.in_flight[tenant] = self.in_flight.get(tenant, 0) + 1
        try:
            yield
        finally:
            left = self.in_flight[tenant] - 1
            if left:
                self.in_flight[tenant] = left
            else:
                del self.in_flight[tenant]
