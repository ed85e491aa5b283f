"""identity's social side over gRPC: profiles, their links and resolution, the 360-degree
view and content producers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

from chorus.auth.principal import caller
from chorus.features.export import own_data
from chorus.grpc.messages import timestamp, written
from chorus.grpc.paging import next_page_token, read_page
from chorus.grpc.validation import Check, read_your_writes
from chorus.identity.v1 import identity_pb2 as pb
from services.identity import application
from services.identity.api.parts import ApiParts
from services.identity.domain.social_profile import (
    PRODUCER_WINDOW,
    Network,
    ProducerTier,
    producer_tier_bounds,
)
from services.identity.messages import (
    customer_state_message,
    decision_messages,
    evidence,
    network,
    producer_tier_message,
    profile_message,
)
from services.identity.queries import (
    customer_360,
)

# Clients' clocks may run a little ahead of ours.
CLOCK_SKEW = timedelta(seconds=5)


def profile_details(check: Check, r: pb.RecordSocialProfileRequest,
                    at: str = "") -> tuple[Network, str, str, str, str, int]:
    """(network, external id, handle, display name, url, followers) of a profile; `at`
    prefixes field paths."""
    net = network(check, r.network, f"{at}network")
    url = check.text(f"{at}url", r.url, max_len=500, required=False)
    if url and not url.startswith(("https://", "http://")):
        check.fail(f"{at}url", "must be an http(s) URL")
    return (net, check.text(f"{at}external_id", r.external_id, max_len=128),
            check.text(f"{at}handle", r.handle, max_len=100),
            check.text(f"{at}display_name", r.display_name, required=False), url,
            check.non_negative(f"{at}follower_count", r.follower_count))


class SocialApi(ApiParts):
    async def RecordSocialProfile(self, request: pb.RecordSocialProfileRequest,
                                  context: Any) -> pb.RecordSocialProfileResponse:
        p = caller()
        check = Check()
        fields = profile_details(check, request)
        check.done()
        profile_id, position = await application.record_profile(self.social, p, *fields)
        return pb.RecordSocialProfileResponse(profile_id=str(profile_id),
                                              write=written(position))

    async def LinkSocialProfile(self, request: pb.LinkSocialProfileRequest,
                                context: Any) -> pb.LinkSocialProfileResponse:
        p = caller()
        check = Check()
        profile_id = check.uuid("profile_id", request.profile_id)
        customer_id = check.uuid("customer_id", request.customer_id)
        how = evidence(check, request.evidence)
        ref = check.text("evidence_ref", request.evidence_ref, max_len=200)
        check.done()
        position = await application.link_profile(self.store, self.social, p, profile_id,
                                                  customer_id, how, ref)
        return pb.LinkSocialProfileResponse(write=written(position))

    async def UnlinkSocialProfile(self, request: pb.UnlinkSocialProfileRequest,
                                  context: Any) -> pb.UnlinkSocialProfileResponse:
        p = caller()
        check = Check()
        profile_id = check.uuid("profile_id", request.profile_id)
        reason = check.text("reason", request.reason, max_len=500)
        check.done()
        position = await application.unlink_profile(self.social, p, profile_id, reason)
        return pb.UnlinkSocialProfileResponse(write=written(position))

    async def Resolve(self, request: pb.ResolveRequest, context: Any) -> pb.ResolveResponse:
        p = caller()
        check = Check()
        net = network(check, request.network)
        key = request.WhichOneof("key")
        if key is None:
            check.fail("key", "give a handle or an external_id")
        elif key == "handle":
            check.text("handle", request.handle, max_len=100)
        else:
            check.text("external_id", request.external_id, max_len=128)
        await read_your_writes(check, request.consistency, self.profiles)
        answer = await self.resolutions.resolve(
            p.tenant, net.value, handle=request.handle, external_id=request.external_id,
            min_position=request.consistency.min_position)
        if answer is None:
            return pb.ResolveResponse(known=False)
        profile_id, customer = answer
        if customer is not None:
            customer = await self.survivors.of(p.tenant, customer)
        return pb.ResolveResponse(known=customer is not None, customer_id=customer or "",
                                  profile_id=profile_id)

    # -- the 360-degree view and content producers ---------------------------------------

    async def GetCustomer360(self, request: pb.GetCustomer360Request,
                             context: Any) -> pb.GetCustomer360Response:
        p = caller()
        check = Check()
        customer_id = check.uuid("customer_id", request.customer_id)
        as_of = None
        if request.HasField("as_of"):
            as_of = request.as_of.ToDatetime(tzinfo=UTC)
            if as_of > datetime.now(UTC) + CLOCK_SKEW:
                check.fail("as_of", "must not be in the future")
        await read_your_writes(check, request.consistency, self.holdings.links)
        own_data(p, customer_id)
        view = await customer_360(self.holdings, p, customer_id, as_of)
        await self.accesses.record(p, [customer_id], "GetCustomer360")
        a = view.activity
        return pb.GetCustomer360Response(
            customer=customer_state_message(view.customer),
            profiles=[profile_message(pr) for pr in view.profiles],
            consents=decision_messages(view.consents),
            producer_tier=producer_tier_message(view.producer_tier),
            activity=pb.ActivitySummary(
                cases_opened=a.get("cases_opened", 0), cases_open=a.get("cases_open", 0),
                ideas_submitted=a.get("ideas_submitted", 0), votes_cast=a.get("votes_cast", 0),
                comments_posted=a.get("comments_posted", 0), mentions=view.mentions,
                mentions_last_90_days=view.recent_mentions,
                last_activity_at=timestamp(view.last_activity_at)
                if view.last_activity_at else None),
            merged_customer_ids=[str(m) for m in view.merged_ids], as_of=timestamp(view.at))

    async def ListContentProducers(self, request: pb.ListContentProducersRequest,
                                   context: Any) -> pb.ListContentProducersResponse:
        p = caller()
        check = Check()
        tier = ProducerTier(check.enum("tier", request.tier, pb.ContentProducerTier,
                                       "CONTENT_PRODUCER_TIER_") or "silent")
        check.done()
        query = {"tier": tier.value}
        page = read_page(request.page_size, request.page_token, query)
        after = page.cursor(int, UUID)
        low, high = producer_tier_bounds(tier)
        rows = await self.holdings.mentions.producers(
            self.holdings.social_pool, p.tenant, datetime.now(UTC) - PRODUCER_WINDOW, low, high,
            after, page.size)
        last = [rows[-1]["n"], str(rows[-1]["customer_id"])] if rows else None
        return pb.ListContentProducersResponse(
            producers=[pb.ContentProducer(customer_id=str(r["customer_id"]),
                                          mentions_last_90_days=r["n"]) for r in rows],
            next_page_token=next_page_token(page, len(rows), last, query))
