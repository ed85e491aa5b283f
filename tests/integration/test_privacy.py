"""Per-subject encryption of personal fields and crypto-shredding."""

from __future__ import annotations

import uuid

import asyncpg
from eventsourcing.domain import Aggregate, event

from chorus.audit.sealer import seal
from chorus.audit.signing import SealKey
from chorus.audit.verify import verify
from chorus.eventstore.metadata import EventMetadata
from chorus.eventstore.recorder import Recorder
from chorus.eventstore.store import EventStore
from chorus.privacy.clear_text import unsampled
from chorus.privacy.fields import REDACTED
from chorus.privacy.keys import SubjectKeys
from tests.integration.fetches import pool_fetches
from tests.servers import fresh_schema


class Customer(Aggregate):
    class Registered(Aggregate.Created):
        personal_fields = ("email", "legal_name")
        customer_code: str
        legal_name: str
        email: str
        country: str

    @event(Registered)
    def __init__(self, customer_code: str, legal_name: str, email: str, country: str) -> None:
        self.customer_code = customer_code
        self.legal_name = legal_name
        self.email = email
        self.country = country

    @event("Moved")
    def move(self, country: str) -> None:
        self.country = country


async def test_personal_fields_are_sealed_and_shredding_redacts_them(recorder: Recorder) -> None:
    keys = SubjectKeys(recorder.pool, recorder.schema, b"k" * 32)
    store = EventStore(recorder, keys)
    customer = Customer("C-1", "Claire Martin", "claire@example.org", "FR")
    meta = EventMetadata(tenant="acme", actor="crm", subject_id=str(customer.id),
                         purpose="service")
    await store.save(customer, metadata=meta)

    raw = await recorder.pool.fetchval(f"SELECT state FROM {recorder.schema}.events")
    assert b"claire@example.org" not in raw and b"Claire Martin" not in raw
    assert b"C-1" in raw and b"FR" in raw, "non-personal fields stay in clear"

    again = await store.get(Customer, customer.id, tenant="acme")
    assert (again.email, again.legal_name) == ("claire@example.org", "Claire Martin")

    key = SealKey.generate()
    await seal(recorder, key)
    assert await keys.shred(("acme", str(customer.id)))

    erased = await store.get(Customer, customer.id, tenant="acme")
    assert (erased.email, erased.legal_name) == (REDACTED, REDACTED)
    assert (erased.customer_code, erased.country) == ("C-1", "FR")
    assert (await verify(recorder, [key.public])).ok, "erasure never breaks verification"


async def test_events_with_nothing_personal_are_read_without_asking_for_keys(
        recorder: Recorder) -> None:
    """A reader of events about someone that hold no personal field (a customer's change of
    country here) needs no key: decoding them asks the database for none."""
    keys = SubjectKeys(recorder.pool, recorder.schema, b"k" * 32)
    store = EventStore(recorder, keys)
    customer = Customer("C-2", "Jean Dupont", "jean@example.org", "FR")
    customer.move("BE")
    meta = EventMetadata(tenant="acme", actor="crm", subject_id=str(customer.id))
    await store.save(customer, metadata=meta)
    registered, moved = await recorder.read_records(0, 10)
    with pool_fetches() as asked:
        (event,) = await store.decode([moved])
        assert asked == [] and event.country == "BE"
        (event,) = await store.decode([registered])
        assert len(asked) == 1 and "subject_keys" in asked[0]
        assert event.email == "jean@example.org"


async def test_readers_share_decoded_events_but_never_plaintext(recorder: Recorder) -> None:
    """A process's readers of the log decode an event once between them, unless it was
    decoded with its personal fields opened: those are decoded again for each reader (and
    so none outlives an erasure)."""
    keys = SubjectKeys(recorder.pool, recorder.schema, b"k" * 32)
    store = EventStore(recorder, keys)
    customer = Customer("C-3", "Ana Lopes", "ana@example.org", "PT")
    customer.move("ES")
    await store.save(customer, metadata=EventMetadata(tenant="acme", subject_id=str(customer.id)))
    records = await recorder.read_records(0, 10)
    sealed = await store.decode(records, sealed=True, shared=True)
    assert sealed[0].email != "ana@example.org", "sealed: still encrypted"
    again = await store.decode(records, sealed=True, shared=True)
    assert [a is b for a, b in zip(again, sealed, strict=True)] == [True, True]
    with pool_fetches() as asked:
        opened = await store.decode(records, shared=True)
        assert opened[0].email == "ana@example.org" and len(asked) == 1  # its key
    assert opened[1] is sealed[1], "nothing personal in it: one event for both"
    assert opened[0] is not sealed[0]
    assert (await store.decode(records, shared=True))[0] is not opened[0]
    assert all(e.email != "ana@example.org" for e in recorder.recent.decoded.values()
               if hasattr(e, "email"))
    unshared = await store.decode(records, sealed=True)
    assert not any(a is b for a, b in zip(unshared, sealed, strict=True))


async def test_another_tenant_cannot_load_the_aggregate(recorder: Recorder) -> None:
    store = EventStore(recorder, SubjectKeys(recorder.pool, recorder.schema, b"k" * 32))
    customer = Customer("C-2", "Bob", "bob@example.org", "BE")
    await store.save(customer, metadata=EventMetadata(tenant="acme", subject_id=str(customer.id)))
    import pytest

    from chorus.eventstore.store import AggregateNotFound

    with pytest.raises(AggregateNotFound):
        await store.get(Customer, customer.id, tenant="globex")
    with pytest.raises(AggregateNotFound):
        await store.get(Customer, uuid.uuid4(), tenant="acme")


async def test_a_key_for_writing_is_made_once_and_never_after_erasure(
        recorder: Recorder) -> None:
    import asyncio

    import pytest

    from chorus.privacy.keys import SubjectErased

    keys = SubjectKeys(recorder.pool, recorder.schema, b"k" * 32)
    ref = ("acme", str(uuid.uuid4()))
    made = await asyncio.gather(*(keys.for_writing(ref) for _ in range(8)))
    assert len(set(made)) == 1, "concurrent first writers share one key"
    assert await keys.for_writing(ref) == made[0]
    assert (await keys.for_reading({ref}))[ref] == made[0]
    assert await keys.shred(ref)
    with pytest.raises(SubjectErased):
        await keys.for_writing(ref)
    assert (await keys.for_reading({ref}))[ref] is None, "no key was made again"


async def test_keys_first_used_together_are_made_in_one_statement_and_erasure_refuses_one(
        recorder: Recorder) -> None:
    import asyncio

    import pytest

    from chorus.privacy.keys import SubjectErased

    class Counted(SubjectKeys):
        statements = 0

        async def _make(self, refs: list[tuple[str, str]]) -> list[bytes | BaseException]:
            self.statements += 1
            return await super()._make(refs)

    keys = Counted(recorder.pool, recorder.schema, b"k" * 32)
    erased = ("acme", str(uuid.uuid4()))
    assert not await keys.shred(erased)  # erased before it ever had a key
    refs = [("acme", str(uuid.uuid4())) for _ in range(9)]
    asked = [refs[0], *refs, erased, refs[5]]  # one twice in a row, one asked again later
    answers = await asyncio.gather(*(keys.for_writing(r) for r in asked),
                                   return_exceptions=True)
    assert keys.statements == 1, "first uses that come together are made together"
    assert isinstance(answers[-2], SubjectErased) and answers[-2].ref == erased
    made = dict(zip(asked[:-2] + asked[-1:], answers[:-2] + answers[-1:], strict=True))
    assert len(set(made.values())) == 9 and all(len(k) == 32 for k in made.values())
    assert await keys.for_reading(set(refs)) == made
    assert (await keys.for_reading({erased}))[erased] is None, "no key was made for it"
    other = SubjectKeys(recorder.pool, recorder.schema, b"k" * 32)  # another replica
    assert await other.for_writing_many(set(refs)) == made
    with pytest.raises(SubjectErased):
        await other.for_writing_many({refs[0], erased})


async def test_a_remembered_key_never_lets_a_write_about_an_erased_subject_through(
        recorder: Recorder) -> None:
    import asyncio

    import pytest

    from chorus.privacy.keys import SubjectErased

    here = EventStore(recorder, SubjectKeys(recorder.pool, recorder.schema, b"k" * 32))
    elsewhere = SubjectKeys(recorder.pool, recorder.schema, b"k" * 32)  # another replica's

    def about(subject: str) -> EventMetadata:
        return EventMetadata(tenant="acme", actor="crm", subject_id=subject, purpose="service")

    subject = str(uuid.uuid4())
    await here.save(Customer("C-3", "Ann", "ann@example.org", "FR"), metadata=about(subject))
    assert ("acme", subject) in here.keys._remembered  # the next write needs no lookup
    assert await elsewhere.shred(("acme", subject))

    with pytest.raises(SubjectErased):  # refused by the append itself
        await here.save(Customer("C-4", "Ann", "ann@example.org", "FR"),
                        metadata=about(subject))
    assert ("acme", subject) not in here.keys._remembered

    # Shared appends (group commit): only the writer about the erased subject is refused.
    await here.keys.for_writing_many({("acme", s) for s in ("s1", "s2", "s3")})
    here.keys._remember(("acme", subject), b"k" * 32)  # as if remembered before the erasure
    answers = await asyncio.gather(*(
        here.save(Customer(f"C-{s}", "Bo", "bo@example.org", "BE"), metadata=about(s))
        for s in ("s1", subject, "s2", "s3")), return_exceptions=True)
    assert [type(a).__name__ for a in answers] == ["list", "SubjectErased", "list", "list"]
    count = await recorder.pool.fetchval(
        f"SELECT count(*) FROM {recorder.schema}.events WHERE subject_id = $1", subject)
    assert count == 1, "nothing about the subject was stored after the erasure"


async def test_words_in_clear_leave_the_statistics_and_are_not_sampled_again(
        pool: asyncpg.Pool) -> None:
    s = fresh_schema()
    await pool.execute(f"""CREATE SCHEMA {s};
        CREATE TABLE {s}.notes (tenant text NOT NULL, body text NOT NULL);
        INSERT INTO {s}.notes SELECT 't1', 'my secret ' || (n % 3) FROM generate_series(1, 300) n;
        ANALYZE {s}.notes""")

    def sampled() -> str:
        return ("SELECT attname, most_common_vals::text AS values FROM pg_stats"
                f" WHERE schemaname = '{s}' AND tablename = 'notes' ORDER BY attname")
    before = {r["attname"]: r["values"] for r in await pool.fetch(sampled())}
    assert "my secret 1" in before["body"], "the control: ANALYZE samples the words"

    await pool.execute(unsampled(f"{s}.notes", "body"))
    await pool.execute(unsampled(f"{s}.notes", "body"))  # idempotent
    await pool.execute(f"ANALYZE {s}.notes")

    after = {r["attname"]: r["values"] for r in await pool.fetch(sampled())}
    assert after == {"tenant": "{t1}"}
