"""The identity domain: the verified customer, the social profile and the erasure saga, one
module each. Pure: no I/O."""

from eventsourcing.utils import register_topic

from services.identity.domain.customer import Customer
from services.identity.domain.erasure import Erasure
from services.identity.domain.social_profile import SocialProfile

# Events stored before the domain was split into modules name their classes by the old
# module; they keep resolving to the same classes.
for _aggregate in (Customer, Erasure, SocialProfile):
    register_topic(f"services.identity.domain:{_aggregate.__qualname__}", _aggregate)
