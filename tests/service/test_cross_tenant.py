"""Broken object-level authorisation (OWASP API1), as a matrix: tenant alpha works normally
through every service, every request it made that names an id or a key is recorded, and
each is replayed by tenant beta under every role (each alone, and all staff roles at once).
Every replay must be refused without saying whether the thing exists (NOT_FOUND,
PERMISSION_DENIED, INVALID_ARGUMENT, FAILED_PRECONDITION) or answered with none of alpha's
ids or text; reads of alpha's things must all be refused; and alpha's logs must not have
grown by one event during the replays."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import grpc
import pytest
from google.protobuf import text_format
from google.protobuf.duration_pb2 import Duration
from google.protobuf.message import Message
from google.protobuf.timestamp_pb2 import Timestamp

from chorus.auth.principal import Role
from chorus.cases.v1 import cases_pb2 as cpb
from chorus.ideas.v1 import events_pb2 as iev
from chorus.ideas.v1 import ideas_pb2 as ipb
from chorus.identity.v1 import identity_pb2 as idpb
from chorus.reputation.v1 import reputation_pb2 as rpb
from services.cases.main import SPEC as CASES
from services.ideas.main import SPEC as IDEAS
from services.identity.main import SPEC as IDENTITY
from services.reputation.main import SPEC as REPUTATION
from tests.e2e.calls import eventually
from tests.servers import Servers
from tests.service.harness import Harness, Refused

ALPHA, BETA = "alpha", "beta"
MARK = "Alpha-private"
SILENT = {grpc.StatusCode.NOT_FOUND, grpc.StatusCode.PERMISSION_DENIED,
          grpc.StatusCode.INVALID_ARGUMENT, grpc.StatusCode.FAILED_PRECONDITION}
SOCIAL_LOG = {"RecordSocialProfile", "LinkSocialProfile", "UnlinkSocialProfile", "Resolve",
              "GetCustomer360"}
# What beta may do with alpha's request: it acts on beta's own things (a key two tenants can
# both know, a customer id beta's front end names), and shows nothing of alpha's.
BETAS_OWN = {
    "OpenCase": "a case of beta's for that customer id (no synchronous check with identity)",
    "ListCases": "beta's cases of that customer id",
    "GetQueue": "beta's queue of an agent of that name",
    "GetInbox": "an empty inbox: no feedback to that customer in beta",
    "ExportSubjectData": "what beta holds on that customer id: beta's own cases",
    "ListIdeas": "no idea of beta's in a campaign that is not beta's",
    "RecordSocialProfile": "beta's own record of the same public profile",
    "Resolve": "beta's own record of the profile",
    "RecordMentions": "beta's own mention of the same public post",
    "UpdateEngagement": "the engagement of beta's own mention of that post",
    "ObjectToTracking": "beta's own objection for that author",
    "WithdrawTrackingObjection": "beta's own objection withdrawn",
}
STAFF = tuple(r.value for r in Role if r is not Role.CUSTOMER)
ROLES: list[tuple[str, ...]] = [(r.value,) for r in Role] + [STAFF]


@dataclass
class Made:
    harness: Harness
    method: str
    request: Message | list[Message]
    reply_text: str


class Alpha:
    """Tenant alpha's calls, recorded with the ids they name."""

    def __init__(self) -> None:
        self.made: list[Made] = []
        self.ids: set[str] = set()
        self.written: dict[str, int] = {}  # each service's last write: queries read it

    async def __call__(self, harness: Harness, method: str, request: Any,
                       refused: grpc.StatusCode | None = None) -> Any:
        """Calls as alpha's staff, holding every staff role (a call alpha expects `refused`
        is recorded all the same: beta's replay must then be refused before it)."""
        # identity keeps social profiles in a log of their own
        name = "social" if method in SOCIAL_LOG else harness.spec.name
        if isinstance(request, Message) and "consistency" in request.DESCRIPTOR.fields_by_name:
            request.consistency.min_position = self.written.get(name, 0)
        try:
            reply = await harness.call(method, request, *STAFF, tenant=ALPHA,
                                       subject="alpha-staff")
        except Refused as e:
            if e.code != refused:
                raise
            reply = None
        if isinstance(reply, Message) and "write" in reply.DESCRIPTOR.fields_by_name:
            self.written[name] = max(self.written.get(name, 0), reply.write.position)
        text = _text(reply)
        self.made.append(Made(harness, method, request, text))
        self.ids |= _ids(reply)
        return reply


def _text(message: Any) -> str:
    if isinstance(message, list):
        return "\n".join(_text(m) for m in message)
    return text_format.MessageToString(message) if isinstance(message, Message) else ""


def _ids(message: Any) -> set[str]:
    """Every id-like string in a message (fields named *_id or *_ids), recursively."""
    if isinstance(message, list):
        return set().union(*(_ids(m) for m in message)) if message else set()
    found: set[str] = set()
    if not isinstance(message, Message):
        return found
    for field, value in message.ListFields():
        values = value if field.is_repeated else [value]
        for v in values:
            if isinstance(v, Message):
                found |= _ids(v)
            elif isinstance(v, str) and field.name.endswith(("_id", "_ids")) and v:
                found.add(v)
    return found


def ts(at: datetime) -> Timestamp:
    t = Timestamp()
    t.FromDatetime(at)
    return t


@pytest.fixture(scope="module")
async def services(stack: Servers, tier_nats: str) -> AsyncIterator[dict[str, Harness]]:
    harnesses = {spec.name: Harness(spec, stack.database_url, tier_nats)
                 for spec in (IDENTITY, CASES, IDEAS, REPUTATION)}
    for h in harnesses.values():
        await h.__aenter__()
    yield harnesses
    for h in harnesses.values():
        await h.__aexit__()


async def identity_work(h: Harness, alpha: Alpha) -> None:
    uid = uuid.uuid4().hex[:8]
    customer = (await alpha(h, "RegisterCustomer", idpb.RegisterCustomerRequest(
        customer_code=f"A-{uid}", legal_name=f"{MARK} Ada", email="ada@alpha.example"))).customer_id
    other = (await alpha(h, "RegisterCustomer", idpb.RegisterCustomerRequest(
        customer_code=f"B-{uid}", legal_name=f"{MARK} Bob", email="bob@alpha.example"))).customer_id
    await alpha(h, "GetCustomer", idpb.GetCustomerRequest(customer_id=customer))
    await alpha(h, "UpdateCustomer", idpb.UpdateCustomerRequest(
        customer_id=customer, phone="+33100000000", update_mask={"paths": ["phone"]}))
    await alpha(h, "VerifyCustomerIdentity", idpb.VerifyCustomerIdentityRequest(
        customer_id=customer, level=idpb.VERIFICATION_LEVEL_DOCUMENT, evidence_ref="passport"))
    await alpha(h, "ClassifyCustomer", idpb.ClassifyCustomerRequest(
        customer_id=customer, add_segments=["vip"]))
    await alpha(h, "GiveConsent", idpb.GiveConsentRequest(
        customer_id=customer, purpose=idpb.PURPOSE_MARKETING, channel=idpb.CHANNEL_EMAIL,
        legal_basis=idpb.LEGAL_BASIS_CONSENT, source="web"))
    await alpha(h, "GetConsents", idpb.GetConsentsRequest(customer_id=customer))
    profile = (await alpha(h, "RecordSocialProfile", idpb.RecordSocialProfileRequest(
        network=idpb.NETWORK_X, external_id=f"x-{uid}", handle=f"@alpha_{uid}",
        display_name=MARK))).profile_id
    await alpha(h, "LinkSocialProfile", idpb.LinkSocialProfileRequest(
        profile_id=profile, customer_id=customer,
        evidence=idpb.LINK_EVIDENCE_SIGNED_IN_WITH_NETWORK, evidence_ref="oauth"))
    await alpha(h, "Resolve", idpb.ResolveRequest(network=idpb.NETWORK_X,
                                                  handle=f"@alpha_{uid}"))
    await alpha(h, "GetCustomer360", idpb.GetCustomer360Request(customer_id=customer))
    await alpha(h, "ExportSubjectData", idpb.ExportSubjectDataRequest(customer_id=customer))
    await alpha(h, "UnlinkSocialProfile", idpb.UnlinkSocialProfileRequest(
        profile_id=profile, reason="wrong person"))
    await alpha(h, "WithdrawConsent", idpb.WithdrawConsentRequest(
        customer_id=customer, purpose=idpb.PURPOSE_MARKETING, channel=idpb.CHANNEL_EMAIL,
        source="web"))
    await alpha(h, "MergeCustomers", idpb.MergeCustomersRequest(
        merged_customer_id=other, survivor_customer_id=customer, reason="same person"))
    await alpha(h, "UnmergeCustomer", idpb.UnmergeCustomerRequest(
        customer_id=other, reason="not the same"))
    erased = await alpha(h, "EraseCustomer", idpb.EraseCustomerRequest(
        customer_id=other, request_ref="dsr-1"))
    await alpha(h, "GetErasureReceipt", idpb.GetErasureReceiptRequest(
        erasure_id=erased.erasure_id))
    # the other services confirm the erasure in their own time: let them, before beta comes
    await eventually(lambda: h.call("GetErasureReceipt", idpb.GetErasureReceiptRequest(
        erasure_id=erased.erasure_id), *STAFF, tenant=ALPHA), lambda r: r.completed,
        seconds=30)
    await alpha(h, "CloseCustomer", idpb.CloseCustomerRequest(
        customer_id=customer, reason="left"))


async def ideas_work(h: Harness, alpha: Alpha) -> None:
    author, voter = str(uuid.uuid4()), str(uuid.uuid4())
    await alpha(h, "DefineCategory", ipb.DefineCategoryRequest(category="products"))
    now = datetime.now(UTC)
    campaign = (await alpha(h, "LaunchCampaign", ipb.LaunchCampaignRequest(
        title=f"{MARK} campaign", question="What next?", category="products",
        starts_at=ts(now - timedelta(hours=1)), ends_at=ts(now + timedelta(days=3))))).campaign_id
    idea = (await alpha(h, "SubmitIdea", ipb.SubmitIdeaRequest(
        title=f"{MARK} quieter keys", body="Please make the keys quieter.",
        category="products", campaign_id=campaign, author_id=author))).idea_id
    other = (await alpha(h, "SubmitIdea", ipb.SubmitIdeaRequest(
        title=f"{MARK} silent keys", body="Silent keyboards for open spaces.",
        category="products", author_id=author))).idea_id
    await alpha(h, "GetIdea", ipb.GetIdeaRequest(idea_id=idea))
    await alpha(h, "ListIdeas", ipb.ListIdeasRequest(campaign_id=campaign))
    await alpha(h, "EditIdea", ipb.EditIdeaRequest(
        idea_id=idea, title=f"{MARK} quieter keys, please", body="Quieter keys.",
        author_id=author))
    await alpha(h, "VoteOnIdea", ipb.VoteOnIdeaRequest(idea_id=idea, vote=iev.VOTE_UP,
                                                       voter_id=voter))
    comment = (await alpha(h, "PostComment", ipb.PostCommentRequest(
        idea_id=idea, body=f"{MARK} me too", author_id=voter))).comment_id
    await alpha(h, "PostComment", ipb.PostCommentRequest(
        idea_id=idea, parent_comment_id=comment, body="Agreed.", author_id=author))
    await alpha(h, "ListComments", ipb.ListCommentsRequest(idea_id=idea))
    await alpha(h, "EditComment", ipb.EditCommentRequest(
        comment_id=comment, body=f"{MARK} me too!", author_id=voter))
    await alpha(h, "VoteOnComment", ipb.VoteOnCommentRequest(
        comment_id=comment, vote=iev.VOTE_UP, voter_id=author))
    await alpha(h, "ReportAbuse", ipb.ReportAbuseRequest(
        comment_id=comment, reason="spam", reporter_id=author))
    await alpha(h, "Moderate", ipb.ModerateRequest(comment_id=comment, hide=True,
                                                   reason="fine"))
    await alpha(h, "ChangeIdeaStatus", ipb.ChangeIdeaStatusRequest(
        idea_id=idea, status=ipb.IDEA_STATUS_UNDER_REVIEW, explanation="Looking"))
    await alpha(h, "GetInbox", ipb.GetInboxRequest(customer_id=voter))
    await alpha(h, "ExportSubjectData", ipb.ExportSubjectDataRequest(customer_id=author))
    await alpha(h, "MergeIdeas", ipb.MergeIdeasRequest(merged_idea_id=other,
                                                       survivor_idea_id=idea))
    await alpha(h, "DeleteComment", ipb.DeleteCommentRequest(comment_id=comment,
                                                             author_id=voter))
    await alpha(h, "WithdrawIdea", ipb.WithdrawIdeaRequest(idea_id=idea, author_id=author))


async def cases_work(h: Harness, alpha: Alpha) -> None:
    customer = str(uuid.uuid4())
    opened = await alpha(h, "OpenCase", cpb.OpenCaseRequest(
        channel=cpb.CHANNEL_EMAIL, visibility=cpb.VISIBILITY_PRIVATE,
        subject=f"{MARK} refund", body="Where is my refund?", customer_id=customer))
    case = opened.case_id
    other = (await alpha(h, "OpenCase", cpb.OpenCaseRequest(
        channel=cpb.CHANNEL_EMAIL, visibility=cpb.VISIBILITY_PRIVATE,
        subject=f"{MARK} refund again", body="Still waiting.", customer_id=customer))).case_id
    await alpha(h, "GetCase", cpb.GetCaseRequest(case_id=case))
    await alpha(h, "GetCaseHistory", cpb.GetCaseHistoryRequest(case_id=case))
    await alpha(h, "AssignCase", cpb.AssignCaseRequest(
        case_id=case, team="billing", agent_id="agent-7", reason="billing"))
    replied = await alpha(h, "AddMessage", cpb.AddMessageRequest(
        case_id=case, author_kind=cpb.AUTHOR_KIND_AGENT, visibility=cpb.VISIBILITY_PRIVATE,
        body=f"{MARK} we are on it", author_id="agent-7"))
    await alpha(h, "SetCasePriority", cpb.SetCasePriorityRequest(
        case_id=case, priority=cpb.PRIORITY_HIGH, reason="VIP"))
    await alpha(h, "EscalateCase", cpb.EscalateCaseRequest(
        case_id=case, tier=cpb.SUPPORT_TIER_BACK_OFFICE, reason="refund"))
    await alpha(h, "UpdateEngagement", cpb.UpdateEngagementRequest(case_id=case,
                                                                   engagement=10))
    await alpha(h, "ListCases", cpb.ListCasesRequest(customer_id=customer))
    await alpha(h, "GetQueue", cpb.GetQueueRequest(agent_id="agent-7"))
    await alpha(h, "ResolveCase", cpb.ResolveCaseRequest(
        case_id=case, resolution="refunded", accepted_message_id=replied.message_id))
    await alpha(h, "RecordSatisfaction", cpb.RecordSatisfactionRequest(
        case_id=case, score=5, comment=f"{MARK} thanks"))
    await alpha(h, "ReopenCase", cpb.ReopenCaseRequest(case_id=case, reason="again"))
    await alpha(h, "MergeCases", cpb.MergeCasesRequest(
        merged_case_id=other, survivor_case_id=case, reason="same"))
    await alpha(h, "CloseCase", cpb.CloseCaseRequest(case_id=case, reason="done"))
    await alpha(h, "ExportSubjectData", cpb.ExportSubjectDataRequest(customer_id=customer))


async def reputation_work(h: Harness, alpha: Alpha) -> None:
    uid = uuid.uuid4().hex[:8]
    recorded = await alpha(h, "RecordMentions", [rpb.RecordMentionsRequest(mentions=[
        rpb.MentionInput(network=rpb.NETWORK_X, post_id=f"p-{uid}",
                         text=f"{MARK}: the keyboard broke", url=f"https://x.example/{uid}",
                         author=rpb.Author(external_id=f"u-{uid}", handle=f"@u{uid}"),
                         published_at=ts(datetime.now(UTC)))])])
    (mention,) = recorded.mention_ids
    await alpha(h, "GetMention", rpb.GetMentionRequest(mention_id=mention))
    await alpha(h, "UpdateEngagement", rpb.UpdateEngagementRequest(
        network=rpb.NETWORK_X, post_id=f"p-{uid}", engagement=rpb.Engagement(likes=12_000)))
    await alpha(h, "SearchMentions", rpb.SearchMentionsRequest(query="keyboard"))
    source = await alpha(h, "DefineFeedSource", rpb.DefineFeedSourceRequest(
        source=rpb.FeedSource(url="https://feeds.alpha.example/rss",
                              network=rpb.NETWORK_FORUM, interval=Duration(seconds=3600))))
    await alpha(h, "ObjectToTracking", rpb.ObjectToTrackingRequest(
        network=rpb.NETWORK_X, author_external_id=f"u-{uid}", reason="asked"))
    await alpha(h, "WithdrawTrackingObjection", rpb.WithdrawTrackingObjectionRequest(
        network=rpb.NETWORK_X, author_external_id=f"u-{uid}"))
    # (its host does not resolve: alpha is told the feed could not be fetched)
    await alpha(h, "PollFeedSource", rpb.PollFeedSourceRequest(source_id=source.source_id),
                refused=grpc.StatusCode.FAILED_PRECONDITION)
    await alpha(h, "RemoveFeedSource", rpb.RemoveFeedSourceRequest(
        source_id=source.source_id))


async def settled(services: dict[str, Harness]) -> dict[str, int]:
    """Alpha's event counts once nothing of alpha's is still being recorded (policies and
    consumers react to alpha's work in their own time)."""
    counts = {name: await h.events_of(ALPHA) for name, h in services.items()}
    for _ in range(40):
        await asyncio.sleep(0.5)
        again = {name: await h.events_of(ALPHA) for name, h in services.items()}
        if again == counts:
            return counts
        counts = again
    raise AssertionError(f"alpha's logs never settled: {counts}")


async def test_no_tenant_reaches_anothers_things_under_any_role(
        services: dict[str, Harness]) -> None:
    alpha = Alpha()
    await identity_work(services["identity"], alpha)
    await ideas_work(services["ideas"], alpha)
    await cases_work(services["cases"], alpha)
    await reputation_work(services["reputation"], alpha)
    before = await settled(services)
    replays = denied = 0
    leaks: list[str] = []
    answered: set[str] = set()
    for made in alpha.made:
        named = _ids(made.request) | _keys(made.request)
        if not named:
            continue
        for roles in ROLES:
            replays += 1
            try:
                reply = await made.harness.call(made.method, as_beta(made.request), *roles,
                                                tenant=BETA, subject="beta-caller")
            except Refused as e:
                assert e.code in SILENT, (made.method, roles, e)
                denied += 1
                continue
            answered.add(made.method)
            # answered: then with nothing of alpha's but what the request itself named
            text, own = _text(reply), _ids(made.request)
            seen = {i for i in alpha.ids - own if i in text}
            if seen or MARK in text:
                leaks.append(f"{made.method} as {roles}: {sorted(seen)[:3]} {MARK in text}")
            # a read keyed by a customer id beta does not know answers empty (an inbox);
            # every other read of alpha's things is refused
            assert not made.method.startswith("Get") or text == "", \
                f"{made.method} of alpha's thing answered to beta as {roles}: {text[:200]}"
    assert leaks == [], "\n".join(leaks)
    after = {name: await h.events_of(ALPHA) for name, h in services.items()}
    assert after == before, "beta's calls changed alpha's logs"
    assert replays > 400 and denied > 0.8 * replays, (denied, replays)
    assert answered <= set(BETAS_OWN), answered - set(BETAS_OWN)


def as_beta(request: Any) -> Any:
    """Alpha's request with alpha's text made beta's (so that what beta creates by replaying
    it cannot pass for a leak), its ids and keys untouched."""
    if isinstance(request, list):
        return [as_beta(r) for r in request]
    return text_format.Parse(text_format.MessageToString(request).replace(MARK, "Beta-own"),
                             type(request)())


def _keys(request: Any) -> set[str]:
    """Natural keys a request names (a post, a handle, an author), beside ids."""
    if isinstance(request, list):
        return set().union(*(_keys(r) for r in request)) if request else set()
    found: set[str] = set()
    for field, value in request.ListFields():
        if field.name in ("post_id", "handle", "external_id", "author_external_id"):
            found.add(str(value))
    return found
