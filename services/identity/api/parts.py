"""What both halves of identity's servicer work with."""

from __future__ import annotations

from chorus.audit.access_log import AccessLog
from services.identity.projections.customers import Customers
from services.identity.projections.erasures import Erasures
from services.identity.queries import Holdings, Resolutions, Survivors


class ApiParts:
    def __init__(self, holdings: Holdings, customers: Customers, survivors: Survivors,
                 accesses: AccessLog, participants: list[str], erasures: Erasures) -> None:
        self.holdings, self.store, self.social = holdings, holdings.verified, holdings.social
        self.pool = holdings.verified.recorder.pool
        self.customers, self.profiles = customers, holdings.index
        self.survivors, self.accesses = survivors, accesses
        self.participants = participants  # the services that must confirm an erasure
        self.erasures = erasures
        self.resolutions = Resolutions(holdings.index, holdings.social_pool)
