"""The compliance officer's story through `chorus compliance` and `chorus audit`, against
every service running as a process: a customer registers, links a profile, consents, votes
and comments on an idea, opens a case and is mentioned, and an agent reads their 360° view;
the officer exports (every service's part present and hashed), replays the history as of a
time between two changes (the later change absent, the linked profile's mention present),
exports a bundle and verifies it offline (each kind of tampering in a copy is found),
verifies every log, erases the customer, follows the receipt until complete, and the history
afterwards shows the personal fields erased."""

from __future__ import annotations

import asyncio
import base64
import json
import os
import subprocess
import sys
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography.hazmat.primitives import serialization

from chorus.audit.bundle import read_parts, write_parts
from chorus.audit.bundle_events import events_of
from chorus.audit.signing import SealKey
from chorus.audit.v1 import audit_pb2 as apb
from chorus.auth.tokens import mint
from chorus.cases.v1 import cases_pb2 as cpb
from chorus.cases.v1 import cases_pb2_grpc as cgrpc
from chorus.console.compliance import digest
from chorus.devstack.stack import DevStack, DevState
from chorus.ideas.v1 import events_pb2 as iev
from chorus.ideas.v1 import ideas_pb2 as ipb
from chorus.ideas.v1 import ideas_pb2_grpc as igrpc
from chorus.identity.v1 import identity_pb2 as idpb
from chorus.identity.v1 import identity_pb2_grpc as idgrpc
from chorus.reputation.v1 import reputation_pb2 as rpb
from chorus.reputation.v1 import reputation_pb2_grpc as rgrpc
from tests.e2e.calls import channel, eventually, token, ts

CHORUS = [sys.executable, "-m", "chorus.cli"]


def officer(dev: DevStack, state: DevState, tenant: str, *args: str) -> \
        subprocess.CompletedProcess[str]:
    env = {**os.environ, "CHORUS_TOKEN": mint(state.jwt_secret, subject="officer-ana",
                                              tenant=tenant, roles=["compliance_officer"]),
           **{f"CHORUS_{s.upper()}_ADDRESS": f"127.0.0.1:{port}"
              for s, port in dev.ports.items()}}
    return subprocess.run([*CHORUS, *args], env=env, capture_output=True, text=True,
                          timeout=180)


def offline(*args: str) -> subprocess.CompletedProcess[str]:
    """On an auditor's laptop: no service address, no token, no database."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHORUS_")}
    return subprocess.run([*CHORUS, *args], env=env, capture_output=True, text=True,
                          timeout=120)


def tampered(bundle: Path, customer: str, change: str) -> list[apb.ExportAuditBundleResponse]:
    """The bundle's parts with one of the customer's events changed, deleted, swapped with
    the next event or inserted twice (events one per part, as older bundles carried them)."""
    with bundle.open("rb") as f:
        parts = list(read_parts(f))
    others: list[bytes] = []
    events = [apb.BundleEvent.FromString(e.SerializeToString())
              for e in events_of(parts[1:], others)]
    i = next(i for i, e in enumerate(events[:-1])
             if not e.withheld and e.subject_id == customer)
    if change == "modified":
        state = bytearray(events[i].state)
        state[len(state) // 2] ^= 1  # one bit of the stored event
        events[i].state = bytes(state)
    elif change == "deleted":
        del events[i]
    elif change == "reordered":
        events[i], events[i + 1] = events[i + 1], events[i]
    else:
        events.insert(i + 1, events[i])
    return [parts[0], *(apb.ExportAuditBundleResponse(event=e) for e in events),
            *map(apb.ExportAuditBundleResponse.FromString, others)]


async def test_the_officer_exports_replays_verifies_and_erases(
        system: tuple[DevStack, DevState], tmp_path: Path) -> None:
    dev, state = system
    tenant, uid = "acme", uuid.uuid4().hex[:8]
    admin, agent = token(state, "admin", tenant=tenant), token(state, "agent", tenant=tenant)
    async with channel(dev, "identity") as ich, channel(dev, "reputation") as rch, \
            channel(dev, "ideas") as dch, channel(dev, "cases") as cch:
        identity, ideas = idgrpc.IdentityServiceStub(ich), igrpc.IdeasServiceStub(dch)
        customer = (await identity.RegisterCustomer(idpb.RegisterCustomerRequest(
            customer_code=f"C-{uid}", legal_name="Olga Officerstory",
            email=f"olga-{uid}@example.org"), metadata=admin)).customer_id
        profile = (await identity.RecordSocialProfile(idpb.RecordSocialProfileRequest(
            network=idpb.NETWORK_X, external_id=f"olga-{uid}", handle=f"@olga_{uid}"),
            metadata=agent)).profile_id
        await identity.LinkSocialProfile(idpb.LinkSocialProfileRequest(
            profile_id=profile, customer_id=customer,
            evidence=idpb.LINK_EVIDENCE_SIGNED_IN_WITH_NETWORK, evidence_ref="oauth"),
            metadata=agent)
        await rgrpc.ReputationServiceStub(rch).RecordMentions(iter([rpb.RecordMentionsRequest(
            mentions=[rpb.MentionInput(
                network=rpb.NETWORK_X, post_id=f"o-{uid}", text="Olga loves the new shop",
                author=rpb.Author(external_id=f"olga-{uid}", handle=f"@olga_{uid}"),
                published_at=ts(datetime.now(UTC) - timedelta(hours=1)))])]),
            metadata=token(state, "service", tenant=tenant))
        await identity.GiveConsent(idpb.GiveConsentRequest(
            customer_id=customer, purpose=idpb.PURPOSE_MARKETING, channel=idpb.CHANNEL_EMAIL,
            legal_basis=idpb.LEGAL_BASIS_CONSENT, source="preference-centre"), metadata=agent)
        await ideas.DefineCategory(ipb.DefineCategoryRequest(category=f"cc-{uid}"),
                                   metadata=token(state, "community_manager", tenant=tenant))
        idea = await eventually(lambda: ideas.SubmitIdea(ipb.SubmitIdeaRequest(
            title="Repair cafés in every shop", body="Fix before you buy",
            category=f"cc-{uid}"), metadata=token(state, "customer", tenant=tenant,
                                                  subject_id=str(uuid.uuid4()))),
            lambda r: bool(r.idea_id))
        as_olga = token(state, "customer", tenant=tenant, subject_id=customer)
        await ideas.VoteOnIdea(ipb.VoteOnIdeaRequest(idea_id=idea.idea_id, vote=iev.VOTE_UP),
                               metadata=as_olga)
        await ideas.PostComment(ipb.PostCommentRequest(
            idea_id=idea.idea_id, body="Olga would bring her toaster"), metadata=as_olga)
        await cgrpc.CasesServiceStub(cch).OpenCase(cpb.OpenCaseRequest(
            channel=cpb.CHANNEL_EMAIL, subject="Toaster", body="Olga's toaster sparks",
            customer_id=customer), metadata=token(state, "service", tenant=tenant))
        seen = await eventually(lambda: identity.GetCustomer360(idpb.GetCustomer360Request(
            customer_id=customer), metadata=agent), lambda v: (
                v.activity.cases_opened, v.activity.votes_cast, v.activity.comments_posted,
                v.activity.mentions) == (1, 1, 1, 1), seconds=30)
        assert [(c.purpose, c.given) for c in seen.consents] == [(idpb.PURPOSE_MARKETING, True)]
        await asyncio.sleep(0.2)
        between = datetime.now(UTC)
        await asyncio.sleep(0.2)
        await identity.UpdateCustomer(idpb.UpdateCustomerRequest(
            customer_id=customer, email=f"olga.new-{uid}@example.org",
            update_mask={"paths": ["email"]}), metadata=admin)

    package = tmp_path / "export.json"
    done = officer(dev, state, tenant, "compliance", "export", "--customer", customer,
                   "--purpose", "DSAR-2026-11", "--out", str(package))
    assert done.returncode == 0, done.stderr
    exported = json.loads(package.read_text())
    assert exported["complete"] and {m["service"] for m in exported["manifest"]} == {
        "identity", "cases", "ideas", "reputation"}
    for m in exported["manifest"]:
        assert m["answered"] and m["sha256"] == digest(exported["parts"][m["service"]])
    assert "Olga Officerstory" in json.dumps(exported["parts"]["identity"])
    assert "Olga loves the new shop" in json.dumps(exported["parts"]["reputation"])
    assert "Olga would bring her toaster" in json.dumps(exported["parts"]["ideas"])
    assert "Olga's toaster sparks" in json.dumps(exported["parts"]["cases"])
    assert any(e["purpose"] == "DSAR-2026-11" for e in exported["parts"]["ideas"]["access_log"])

    replay = officer(dev, state, tenant, "compliance", "history", "--customer", customer,
                     "--purpose", "DSAR-2026-11", "--as-of",
                     between.replace(tzinfo=None).isoformat(), "--format", "json")
    assert replay.returncode == 0, replay.stderr
    then = json.loads(replay.stdout)
    kinds = {(e["service"], e["event_type"]) for e in then}
    assert ("identity", "Customer.Registered") in kinds
    assert ("reputation", "Mention.Recorded") in kinds, "the linked profile's mention"
    assert {("ideas", "Idea.VoteChanged"), ("ideas", "Comment.Posted"),
            ("cases", "Case.Opened")} <= kinds, kinds
    assert f"olga.new-{uid}" not in replay.stdout, "the later change is absent as of then"
    table = officer(dev, state, tenant, "compliance", "history", "--customer", customer,
                    "--purpose", "DSAR-2026-11")
    assert table.returncode == 0 and "Customer.Registered" in table.stdout

    await asyncio.sleep(6)  # the sealer's period in the dev stack: checkpoints cover it all
    bundle = tmp_path / "identity.bundle"
    exported_bundle = officer(dev, state, tenant, "audit", "export-bundle", "--service",
                              "identity", "--out", str(bundle))
    assert exported_bundle.returncode == 0, exported_bundle.stderr
    public = base64.b64encode(SealKey.from_b64(state.seal_key).public.public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw)).decode()
    clean = offline("audit", "verify-bundle", str(bundle), "--public-key", public)
    assert clean.returncode == 0, clean.stderr
    for change, found in [("modified", "content does not match its hash"),
                          ("deleted", "an event was deleted, inserted or moved"),
                          ("reordered", "an event was deleted, inserted or moved"),
                          ("inserted", "listed twice")]:
        forged = tmp_path / f"{change}.bundle"
        with forged.open("wb") as f:
            write_parts(f, tampered(bundle, customer, change))
        caught = offline("audit", "verify-bundle", str(forged), "--public-key", public)
        assert caught.returncode == 1 and found in caught.stdout, (change, caught.stdout)

    register = officer(dev, state, tenant, "compliance", "processing-records", "--format",
                       "json")
    assert register.returncode == 0, register.stderr
    lines = {(r["service"], r["event"]): r for r in json.loads(register.stdout)}
    registered = lines[("identity", "Customer.Registered")]
    assert registered["personal_fields"] == ["legal_name", "email", "phone"]
    assert "agent" in registered["readers"] and registered["legal_basis"]
    assert ("reputation", "Mention.Recorded") in lines and ("cases", "Case.Opened") in lines

    verified = officer(dev, state, tenant, "compliance", "verify", "--all")
    assert verified.returncode == 0, verified.stderr
    assert verified.stderr.count("verified") == 5, "four services, identity's two stores"
    one = officer(dev, state, tenant, "compliance", "verify", "--service", "ideas")
    assert one.returncode == 0 and one.stderr.count("verified") == 1, one.stderr
    assert officer(dev, state, tenant, "compliance", "verify", "--service", "ideas",
                   "--all").returncode == 2

    erased = officer(dev, state, tenant, "compliance", "erase", "--customer", customer,
                     "--ref", "ERASE-2026-11", "--purpose", "GDPR art. 17 request")
    assert erased.returncode == 0, erased.stderr
    erasure = erased.stdout.split()[1]

    async def receipt() -> dict[str, object]:
        shown = officer(dev, state, tenant, "compliance", "receipt", erasure)
        assert shown.returncode == 0, shown.stderr
        return json.loads(shown.stdout)  # type: ignore[no-any-return]
    await eventually(receipt, lambda r: bool(r.get("completed")), seconds=30)

    async def completed() -> list[str]:
        listed = officer(dev, state, tenant, "compliance", "erasures", "--completed",
                         "--format", "json")
        assert listed.returncode == 0, listed.stderr
        return [e["erasure_id"] for e in json.loads(listed.stdout)]
    await eventually(completed, lambda ids: erasure in ids, seconds=10)  # the list's read model
    pending_list = officer(dev, state, tenant, "compliance", "erasures", "--pending",
                           "--format", "json")
    assert erasure not in pending_list.stdout
    both = officer(dev, state, tenant, "compliance", "erasures", "--pending", "--overdue")
    assert both.returncode == 2
    after = officer(dev, state, tenant, "compliance", "history", "--customer", customer,
                    "--purpose", "GDPR art. 17 follow-up", "--format", "json")
    assert after.returncode == 0, after.stderr
    events = json.loads(after.stdout)
    assert any(e.get("erased") for e in events)
    assert "Olga Officerstory" not in after.stdout and "Olga loves" not in after.stdout
