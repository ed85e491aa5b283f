"""identity's import over gRPC: a customer base brought in from the brand's CRM, batch by
batch."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

from chorus.auth.principal import caller
from chorus.grpc.messages import written
from chorus.grpc.validation import Check
from chorus.identity.v1 import identity_pb2 as pb
from services.identity.api.customers import registration
from services.identity.api.parts import ApiParts
from services.identity.api.social import profile_details
from services.identity.importing import ImportedCustomer, ImportedProfile, import_customers
from services.identity.messages import evidence

CUSTOMERS_MAX = 500  # a request
PROFILES_MAX = 20  # a customer


def imported_customer(check: Check, at: str, c: pb.ImportedCustomer) -> ImportedCustomer:
    """A customer of an import request, validated (`at`: its field path, for violations)."""
    if not c.HasField("customer"):
        check.fail(f"{at}.customer", "is required")
    if len(c.profiles) > PROFILES_MAX:
        check.fail(f"{at}.profiles", f"at most {PROFILES_MAX} a customer")
    profiles = []
    for j, pr in enumerate(c.profiles[:PROFILES_MAX]):
        field = f"{at}.profiles[{j}]"
        if not pr.HasField("profile"):
            check.fail(f"{field}.profile", "is required")
        details = profile_details(check, pr.profile, f"{field}.profile.")
        how = evidence(check, pr.evidence, f"{field}.evidence")
        ref = check.text(f"{field}.evidence_ref", pr.evidence_ref, max_len=200)
        profiles.append(ImportedProfile(*details, how, ref))
    return ImportedCustomer(*registration(check, c.customer, f"{at}.customer."), profiles)


async def import_batch(request: pb.ImportCustomersRequest) -> list[ImportedCustomer]:
    """The customers of one request, validated whole: a bad request imports nothing."""
    check = Check()
    if not request.customers:
        check.fail("customers", "is required")
    if len(request.customers) > CUSTOMERS_MAX:
        check.fail("customers", f"at most {CUSTOMERS_MAX} a request")
    check.done()  # before reading every customer of an oversized request
    customers, codes, profiles = [], set(), set()
    for i, c in enumerate(request.customers):
        customer = imported_customer(check, f"customers[{i}]", c)
        if customer.customer_code in codes:
            check.fail(f"customers[{i}].customer.customer_code", "is listed twice")
        codes.add(customer.customer_code)
        for j, pr in enumerate(customer.profiles):
            if (pr.network, pr.external_id) in profiles:
                check.fail(f"customers[{i}].profiles[{j}].profile.external_id",
                           "this network's profile is listed twice")
            profiles.add((pr.network, pr.external_id))
        customers.append(customer)
        if i % 100 == 99:
            await asyncio.sleep(0)  # a long request: let the projections run
    check.done()
    return customers


class ImportApi(ApiParts):
    async def ImportCustomers(self, requests: AsyncIterator[pb.ImportCustomersRequest],
                              context: Any) -> AsyncIterator[pb.ImportCustomersResponse]:
        p = caller()
        async for request in requests:
            batch = await import_batch(request)
            outcomes, position, social_position = await import_customers(
                self.store, self.social, p, batch)
            yield pb.ImportCustomersResponse(
                write=written(position), social_write=written(social_position),
                customers=[pb.ImportedCustomerResult(
                    customer_code=o.customer_code, customer_id=str(o.customer_id),
                    already_registered=o.already_registered,
                    profiles_linked=o.profiles_linked) for o in outcomes])
