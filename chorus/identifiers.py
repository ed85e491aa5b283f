"""Ids every service can derive on its own (part of the services' public contract).

A social profile's id derives from (tenant, network, the network's id of the account): a
service that hears of an author on a network knows the profile id identity uses for them,
without asking identity, so identity's later link of that profile to a customer reaches it."""

from __future__ import annotations

from uuid import UUID, uuid5

PROFILE_IDS = UUID("0b6f4f8e-5d0a-4e57-8a8e-33c1f0a9d2c4")


def profile_id(tenant: str, network: str, external_id: str) -> UUID:
    return uuid5(PROFILE_IDS, f"{tenant}/{network}/{external_id}")
