"""Offline bundle verification split across worker processes finds what the single pass
finds, including chains that cross from one worker's run of events into the next."""

from __future__ import annotations

import json
import subprocess
import sys
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest

from chorus.audit import bundle
from chorus.audit.bundle import verify_bundle, verify_bundle_file, write_parts
from chorus.audit.sealer import GENESIS, checkpoint_digest, range_digest
from chorus.audit.signing import SealKey
from chorus.audit.v1 import audit_pb2 as apb
from chorus.eventstore.hashing import event_hash, recorded_at_text

KEY = SealKey.generate()
TOPIC = "services.identity.domain.social_profile:SocialProfile.Linked"


def events(count: int, streams: int) -> list[apb.BundleEvent]:
    """`count` events round-robin over `streams` streams, hashed as the writer hashes them."""
    ids = [uuid.uuid4() for _ in range(streams)]
    heads: dict[uuid.UUID, tuple[int, bytes | None]] = {}
    made = []
    for position in range(1, count + 1):
        stream = ids[position % streams]
        version, prev = heads.get(stream, (0, None))
        event_id, at = uuid.uuid4(), datetime.now(UTC)
        meta = {"actor": "agent-1", "purpose": "support", "correlation_id": str(event_id)}
        state = json.dumps({"handle": f"@someone{position}", "é": "ü"}).encode()
        h = event_hash(prev_hash=prev, event_id=event_id, originator_id=stream,
                       originator_version=version + 1, topic=TOPIC, state=state,
                       tenant="t1", subject_id=str(stream), metadata=meta, recorded_at=at)
        heads[stream] = (version + 1, h)
        made.append(apb.BundleEvent(
            position=position, hash=h, event_id=str(event_id), originator_id=str(stream),
            originator_version=version + 1, topic=TOPIC, state=state, tenant="t1",
            subject_id=str(stream), has_subject=True,
            metadata_json=json.dumps(meta, sort_keys=True, separators=(",", ":")),
            recorded_at=recorded_at_text(at), prev_hash=prev or b""))
    return made


def parts(evs: list[apb.BundleEvent], per_part: int = 50) -> list[apb.ExportAuditBundleResponse]:
    header = apb.BundleHeader(service="identity", store="social", tenant="t1",
                              from_position=1, to_position=len(evs), key_id=KEY.key_id)
    out = [apb.ExportAuditBundleResponse(header=header)]
    out += [apb.ExportAuditBundleResponse(events=apb.BundleEvents(events=evs[i:i + per_part]))
            for i in range(0, len(evs), per_part)]
    rng = range_digest((e.position, e.hash) for e in evs)
    digest = checkpoint_digest(GENESIS, 1, len(evs), rng)
    out.append(apb.ExportAuditBundleResponse(checkpoint=apb.BundleCheckpoint(
        seq=1, from_position=1, to_position=len(evs), range_digest=rng, prev_digest=GENESIS,
        digest=digest, signature=KEY.sign(digest), key_id=KEY.key_id)))
    return out


ORIGINAL = events(600, streams=7)


def tampered(change: str) -> list[apb.BundleEvent]:
    copy = [apb.BundleEvent.FromString(e.SerializeToString()) for e in ORIGINAL]
    i = 299  # the last of the third run of events (two parts of 50 per run below): the
    # broken link crosses into the next worker's run
    if change == "modified":
        copy[i].state += b" "
    elif change == "deleted":
        del copy[i]
    elif change == "reordered":
        copy[i], copy[i + 1] = copy[i + 1], copy[i]
    elif change == "inserted":
        copy.insert(i, apb.BundleEvent.FromString(copy[i + 7].SerializeToString()))
    elif change == "renumbered":  # a deletion hidden by renumbering what follows
        del copy[i]
        for later in copy[i:]:
            later.position -= 1
    return copy


# A forked worker must come from a process with one thread (as `verify-bundle` is; this test
# process may hold gRPC threads): the forked case runs in a fresh interpreter.
_FORKED = """
import json, sys
from pathlib import Path
from chorus.audit import bundle
from chorus.audit.signing import SealKey
bundle._RUN_BYTES = 40_000
assert bundle._worker_start() == "fork"
checked = []
report = bundle.verify_bundle_file(Path(sys.argv[1]), SealKey.from_b64(sys.argv[2]).public,
                                   workers=2, progress=checked.append)
print(json.dumps({"problems": report.problems, "events": report.events, "checked": checked}))
"""


@pytest.mark.parametrize("start", ["fork", "spawn"])
@pytest.mark.parametrize("change", ["none", "modified", "deleted", "reordered", "inserted",
                                    "renumbered"])
def test_workers_find_what_one_pass_finds(change: str, start: str, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    evs = ORIGINAL if change == "none" else tampered(change)
    path = tmp_path / "b.bundle"
    with path.open("wb") as f:
        assert write_parts(f, parts(evs)) == len(evs)
    one_pass = verify_bundle(parts(evs), KEY.public)
    if start == "fork":
        done = subprocess.run([sys.executable, "-c", _FORKED, str(path), KEY.to_b64()],
                              capture_output=True, text=True, check=True, timeout=120)
        forked = json.loads(done.stdout)
        problems, events, checked = forked["problems"], forked["events"], forked["checked"]
    else:
        monkeypatch.setattr(bundle, "_RUN_BYTES", 40_000)  # several runs, streams crossing
        monkeypatch.setattr(bundle, "_worker_start", lambda: "spawn")
        checked = []
        report = verify_bundle_file(path, KEY.public, workers=2, progress=checked.append)
        problems, events = report.problems, report.events
    assert len(checked) > 3 and checked == sorted(checked)
    assert checked[-1] == path.stat().st_size
    assert sorted(problems) == sorted(one_pass.problems)
    assert events == one_pass.events == len(evs)
    assert (problems == []) is (change == "none"), problems
    if change == "renumbered":
        assert any("chain" in p for p in problems), problems


def test_a_bundle_of_one_event_per_message_and_the_stored_json_still_verifies() -> None:
    """Bundles exported before events came in runs, with metadata as PostgreSQL renders
    jsonb (spaces, its own key order), verify: the canonical form is what was hashed."""
    old = []
    for e in ORIGINAL[:50]:
        copy = apb.BundleEvent.FromString(e.SerializeToString())
        meta = json.loads(copy.metadata_json)
        copy.metadata_json = json.dumps(dict(sorted(meta.items(), reverse=True)))
        old.append(apb.ExportAuditBundleResponse(event=copy))
    checked = parts(ORIGINAL[:50])
    report = verify_bundle([checked[0], *old, checked[-1]], KEY.public)
    assert report.ok and report.events == 50, report.problems
    old[10].event.metadata_json = old[10].event.metadata_json.replace("support", "marketing")
    report = verify_bundle([checked[0], *old, checked[-1]], KEY.public)
    assert report.problems == [f"position 11 (event {old[10].event.originator_id}"
                               f" v{old[10].event.originator_version}): content does not"
                               " match its hash"]


def test_a_cut_short_or_damaged_file_is_reported_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "b.bundle"
    with path.open("wb") as f:
        write_parts(f, parts(ORIGINAL[:100]))
    whole = path.read_bytes()
    path.write_bytes(whole[:-30])  # the checkpoint's message loses its end
    report = verify_bundle_file(path, KEY.public)
    assert report.events == 100
    assert "the bundle is cut short: its last" in report.problems[0], report.problems
    assert any("not yet covered by a signature" in n for n in report.notes)
    damaged = bytearray(whole)
    start = len(whole) // 2
    damaged[start:start + 200] = b"\xff" * 200  # inside a run of events
    path.write_bytes(bytes(damaged))
    report = verify_bundle_file(path, KEY.public)
    assert not report.ok
    assert any("not readable" in p or "does not match" in p or "malformed" in p
               for p in report.problems), report.problems
    path.write_bytes(b"\x00\x00\x10\x00garbage")
    assert ("not an audit bundle: it does not start with its header"
            in verify_bundle_file(path, KEY.public).problems)


def test_an_event_with_a_malformed_id_is_reported() -> None:
    evs = [apb.BundleEvent.FromString(e.SerializeToString()) for e in ORIGINAL[:20]]
    evs[4].event_id = "not-hex"
    evs[9].originator_id = "zz"
    report = verify_bundle(parts(evs), KEY.public)
    assert "position 5: its event or stream id is malformed" in report.problems
    assert "position 10: its event or stream id is malformed" in report.problems
