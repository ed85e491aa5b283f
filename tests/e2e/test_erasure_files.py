"""Erasure leaves nothing readable: a customer's idea, comment, case and mention (under their
linked profile) are in the database's files in clear before (the control), and after the
erasure receipt is complete and a CHECKPOINT, none of their words is in any table or index
file of any service, nor in the JetStream store, while another customer's idea still is (the
positive control). What remains in WAL is stated on the receipt."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import asyncpg

from chorus.cases.v1 import cases_pb2 as cpb
from chorus.cases.v1 import cases_pb2_grpc as cgrpc
from chorus.devstack.stack import DevStack, DevState, admin_database_url
from chorus.ideas.v1 import ideas_pb2 as ipb
from chorus.ideas.v1 import ideas_pb2_grpc as igrpc
from chorus.identity.v1 import identity_pb2 as idpb
from chorus.identity.v1 import identity_pb2_grpc as idgrpc
from chorus.reputation.v1 import reputation_pb2 as rpb
from chorus.reputation.v1 import reputation_pb2_grpc as rgrpc
from tests.e2e.calls import channel, eventually, token, ts
from tests.servers import Servers


def files_holding(root: Path, words: list[str], skip: str = "") -> dict[str, list[str]]:
    """For each word, the files under root that contain it (lower case), WAL left out."""
    found: dict[str, list[str]] = {w: [] for w in words}
    for path in root.rglob("*"):
        if not path.is_file() or (skip and skip in path.parts):
            continue
        data = path.read_bytes().lower()
        for w in words:
            if w.encode() in data:
                found[w].append(str(path.relative_to(root)))
    return found


async def test_after_erasure_no_word_of_the_customer_is_left_in_any_file(
        system: tuple[DevStack, DevState], stack: Servers) -> None:
    dev, state = system
    uid = uuid.uuid4().hex[:8]
    # Words the text search keeps as they are (letters and digits), one per place.
    idea_w, comment_w, case_w, mention_w, kept_w = (f"zq{k}{uid}" for k in "abcde")
    admin, agent, officer = (token(state, r) for r in ("admin", "agent", "compliance_officer"))
    async with channel(dev, "identity") as ich, channel(dev, "ideas") as dch, \
            channel(dev, "cases") as cch, channel(dev, "reputation") as rch:
        identity, ideas = idgrpc.IdentityServiceStub(ich), igrpc.IdeasServiceStub(dch)
        gone, kept = [(await identity.RegisterCustomer(idpb.RegisterCustomerRequest(
            customer_code=f"E-{uid}-{i}", legal_name=f"Erased Person {i}",
            email=f"e{i}-{uid}@example.org"), metadata=admin)).customer_id for i in (0, 1)]
        profile = (await identity.RecordSocialProfile(idpb.RecordSocialProfileRequest(
            network=idpb.NETWORK_X, external_id=f"gone-{uid}", handle=f"@gone_{uid}"),
            metadata=agent)).profile_id
        await identity.LinkSocialProfile(idpb.LinkSocialProfileRequest(
            profile_id=profile, customer_id=gone,
            evidence=idpb.LINK_EVIDENCE_SIGNED_IN_WITH_NETWORK, evidence_ref="oauth"),
            metadata=agent)
        category = f"er-{uid}"
        await ideas.DefineCategory(ipb.DefineCategoryRequest(category=category),
                                   metadata=token(state, "community_manager"))
        as_gone = token(state, "customer", subject_id=gone)
        idea = await eventually(lambda: ideas.SubmitIdea(ipb.SubmitIdeaRequest(
            title=f"Solar chargers {idea_w}", body=f"In every shop {idea_w}",
            category=category), metadata=as_gone), lambda r: bool(r.idea_id))
        await ideas.PostComment(ipb.PostCommentRequest(
            idea_id=idea.idea_id, body=f"And bikes too {comment_w}"), metadata=as_gone)
        await ideas.SubmitIdea(ipb.SubmitIdeaRequest(
            title=f"Longer opening hours {kept_w}", body="Please", category=category),
            metadata=token(state, "customer", subject_id=kept))
        await cgrpc.CasesServiceStub(cch).OpenCase(cpb.OpenCaseRequest(
            channel=cpb.CHANNEL_EMAIL, subject="Broken charger", body=f"It broke {case_w}",
            customer_id=gone), metadata=token(state, "service"))
        await rgrpc.ReputationServiceStub(rch).RecordMentions(iter([rpb.RecordMentionsRequest(
            mentions=[rpb.MentionInput(
                network=rpb.NETWORK_X, post_id=f"g-{uid}", text=f"Charger broke {mention_w}",
                author=rpb.Author(external_id=f"gone-{uid}", handle=f"@gone_{uid}"),
                published_at=ts(datetime.now(UTC) - timedelta(hours=1)))])]),
            metadata=token(state, "service"))

        conn = await asyncpg.connect(stack.database_url)
        try:
            data = stack.postgres.data_dir if stack.postgres else \
                Path(await conn.fetchval("SHOW data_directory"))
            assert data.exists(), "the search needs the database's files on this machine"
            words = [idea_w, comment_w, case_w, mention_w, kept_w]

            async def in_files() -> dict[str, list[str]]:
                await conn.execute("CHECKPOINT")
                return files_holding(data, words, skip="pg_wal")
            before = await eventually(in_files, lambda f: all(f.values()), seconds=20)
            assert all(before.values()), f"the control: every word is in clear first {before}"
            # What autovacuum may do at any time: sample every table into the statistics.
            for service in ("identity", "ideas", "cases", "reputation"):
                analysed = await asyncpg.connect(admin_database_url(stack.database_url, service))
                try:
                    await analysed.execute("ANALYZE")
                finally:
                    await analysed.close()

            erased = await identity.EraseCustomer(idpb.EraseCustomerRequest(
                customer_id=gone, request_ref=f"ERASE-{uid}"), metadata=officer)
            receipt = await eventually(lambda: identity.GetErasureReceipt(
                idpb.GetErasureReceiptRequest(erasure_id=erased.erasure_id), metadata=officer),
                lambda r: r.completed, seconds=30)
            after = await in_files()
        finally:
            await conn.close()
    assert after[kept_w], "the positive control: another customer's idea is still there"
    left = {w: f for w, f in after.items() if f and w != kept_w}
    assert left == {}, f"plaintext of the erased customer left in {left}"
    if stack.nats_dir is not None:
        on_nats = files_holding(stack.nats_dir, [*words, gone])
        assert on_nats[gone], "the control: the customer's id is on NATS (ids, never text)"
        assert not any(on_nats[w] for w in words), on_nats
    statements = [e for c in receipt.confirmations for e in c.erased]
    assert sum("expire by" in e for e in statements) == 3, statements  # cases, ideas, reputation
