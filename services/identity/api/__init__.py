"""gRPC API of identity: authorise (the role table), validate, call the application or a
query. One servicer, in three parts: customers (customers.py), their social side
(social.py) and the import of a customer base (importing.py)."""

from __future__ import annotations

from chorus.auth.principal import Role
from chorus.identity.v1 import identity_pb2_grpc as pb_grpc
from services.identity.api.customers import CustomersApi
from services.identity.api.importing import ImportApi
from services.identity.api.social import SocialApi

WRITERS = (Role.ADMIN, Role.SERVICE)
PROFILE_WRITERS = (Role.ADMIN, Role.SERVICE, Role.AGENT, Role.COMMUNITY_MANAGER)
READERS = (Role.AGENT, Role.ADMIN, Role.SERVICE, Role.COMPLIANCE_OFFICER,
           Role.COMMUNITY_MANAGER)
# Consent is recorded by the brand's systems and agents, or by the customers themselves.
CONSENT_RECORDERS = (Role.ADMIN, Role.SERVICE, Role.AGENT, Role.CUSTOMER)
# Who may call each RPC (the kernel refuses everyone else before the handler runs). A
# customer may call some RPCs, for their own data only (own_data).
ROLES: dict[str, tuple[Role, ...]] = {
    "RegisterCustomer": WRITERS, "ImportCustomers": (Role.ADMIN,),
    "GetCustomer": (*READERS, Role.CUSTOMER),
    "ListCustomers": READERS, "UpdateCustomer": WRITERS, "MergeCustomers": WRITERS,
    "UnmergeCustomer": WRITERS, "CloseCustomer": WRITERS, "VerifyCustomerIdentity": WRITERS,
    "ClassifyCustomer": WRITERS, "GiveConsent": CONSENT_RECORDERS,
    "WithdrawConsent": CONSENT_RECORDERS, "GetConsents": (*READERS, Role.CUSTOMER),
    "EraseCustomer": (Role.COMPLIANCE_OFFICER,),
    "GetErasureReceipt": (Role.COMPLIANCE_OFFICER, Role.ADMIN),
    "ListErasures": (Role.COMPLIANCE_OFFICER, Role.ADMIN),
    "ExportSubjectData": (Role.COMPLIANCE_OFFICER, Role.ADMIN, Role.CUSTOMER),
    "RecordSocialProfile": PROFILE_WRITERS,
    "LinkSocialProfile": (Role.ADMIN, Role.SERVICE, Role.AGENT),
    "UnlinkSocialProfile": (Role.ADMIN, Role.AGENT), "Resolve": READERS,
    "GetCustomer360": (*READERS, Role.CUSTOMER), "ListContentProducers": READERS,
}


class IdentityApi(CustomersApi, SocialApi, ImportApi, pb_grpc.IdentityServiceServicer):
    """identity's servicer (its constructor: api/parts.py)."""
