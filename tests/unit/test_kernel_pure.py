"""Pure kernel logic: tokens, validation, personal-field sealing, hashing, subjects."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chorus.auth.principal import Role, Unauthenticated
from chorus.auth.tokens import TokenVerifier, mint
from chorus.eventstore.hashing import event_hash
from chorus.grpc.errors import InvalidArgument
from chorus.grpc.validation import Check
from chorus.messaging.subjects import subject
from chorus.privacy.fields import REDACTED, decrypt_value, encrypt_value

SECRET = "a-development-secret-of-32-bytes-or-more"


def test_token_round_trip_and_rejections() -> None:
    verifier = TokenVerifier(SECRET, ("HS256",))
    p = verifier.verify(mint(SECRET, subject="u1", tenant="acme", roles=["agent", "analyst"]))
    assert (p.subject, p.tenant, p.roles) == ("u1", "acme", {Role.AGENT, Role.ANALYST})
    with pytest.raises(Unauthenticated, match="expired"):
        verifier.verify(mint(SECRET, subject="u1", tenant="acme", roles=[], ttl_s=-60))
    with pytest.raises(Unauthenticated):
        verifier.verify(mint("x" * 40, subject="u1", tenant="acme", roles=[]))
    with pytest.raises(Unauthenticated):
        verifier.verify("not.a.token")
    with pytest.raises(ValueError):
        mint(SECRET, subject="u1", tenant="Not A Tenant", roles=[])
    with pytest.raises(ValueError):
        mint(SECRET, subject="u1", tenant="acme", roles=["emperor"])


def test_validation_collects_every_violation() -> None:
    check = Check()
    check.text("title", "   ")
    check.email("email", "nobody")
    check.uuid("idea_id", "17")
    check.text("body", "x" * 11, max_len=10)
    with pytest.raises(InvalidArgument) as e:
        check.done()
    assert [v.field for v in e.value.violations] == ["title", "email", "idea_id", "body"]


@given(st.one_of(st.text(), st.sampled_from(['"', '""', 'a"b', "\\", "é", ""]), st.integers(),
                 st.none(), st.lists(st.text(max_size=5), max_size=3),
                 st.dictionaries(st.text(max_size=3), st.text(max_size=3), max_size=3)))
def test_personal_values_round_trip_and_redact_without_key(value: object) -> None:
    key = b"k" * 32
    token = encrypt_value(key, value, b"acme/42/email")
    assert decrypt_value(key, token, b"acme/42/email") == value
    assert decrypt_value(None, token, b"acme/42/email") == REDACTED
    assert decrypt_value(b"z" * 32, token, b"acme/42/email") == REDACTED
    assert decrypt_value(key, token, b"acme/43/email") == REDACTED, "bound to its subject"


def test_hash_covers_every_field() -> None:
    base = dict(prev_hash=None, event_id=uuid.uuid4(), originator_id=uuid.uuid4(),
                originator_version=1, topic="t", state=b"{}", tenant="acme", subject_id="s",
                metadata={"actor": "a"}, recorded_at=datetime.now(UTC))
    h = event_hash(**base)  # type: ignore[arg-type]
    for field, other in [("prev_hash", b"x"), ("originator_version", 2), ("topic", "u"),
                         ("state", b"[]"), ("tenant", "globex"), ("subject_id", None),
                         ("metadata", {"actor": "b"})]:
        assert event_hash(**{**base, field: other}) != h, field  # type: ignore[arg-type]
    assert event_hash(**{**base, "metadata": '{"actor": "a"}'}) == h, "canonical JSON"  # type: ignore[arg-type]


def test_subjects_refuse_tenants_that_would_break_routing() -> None:
    assert subject("ideas", "acme", "IdeaSubmitted") == "chorus.ideas.acme.IdeaSubmitted"
    for bad in ("a.b", "*", ">", "", "Acme"):
        with pytest.raises(ValueError):
            subject("ideas", bad, "IdeaSubmitted")


def test_a_remembered_token_still_expires_and_a_bad_one_is_never_remembered() -> None:
    import time

    import pytest

    from chorus.auth.principal import Unauthenticated
    from chorus.auth.tokens import TokenVerifier, mint

    secret = "a-test-secret-long-enough-for-hs256-keys"
    now = [time.time()]
    verifier = TokenVerifier(secret, ("HS256",), leeway_s=0, clock=lambda: now[0])
    token = mint(secret, subject="u1", tenant="acme", roles=["agent"], ttl_s=2)
    assert verifier.verify(token).subject == "u1"
    assert verifier.verify(token).subject == "u1"  # from memory
    now[0] += 2.1  # the token expired while it was remembered
    with pytest.raises(Unauthenticated, match="expired"):
        verifier.verify(token)
    forged = mint("another-secret-long-enough-for-hs256-keys", subject="u1", tenant="acme",
                  roles=["admin"])
    for _ in range(2):
        with pytest.raises(Unauthenticated, match="invalid"):
            verifier.verify(forged)
