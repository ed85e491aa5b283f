"""The words of customer service: channels, visibility, statuses, the support path."""

from __future__ import annotations

from enum import StrEnum

SUBJECT_MAX, BODY_MAX, COMMENT_MAX = 200, 20_000, 2_000


class Channel(StrEnum):
    EMAIL = "email"
    PHONE = "phone"
    CHAT = "chat"
    WEB_FORM = "web_form"
    SHOP = "shop"
    X = "x"
    FACEBOOK = "facebook"
    INSTAGRAM = "instagram"
    LINKEDIN = "linkedin"
    TIKTOK = "tiktok"
    YOUTUBE = "youtube"
    FORUM = "forum"


SOCIAL = frozenset({Channel.X, Channel.FACEBOOK, Channel.INSTAGRAM, Channel.LINKEDIN,
                    Channel.TIKTOK, Channel.YOUTUBE, Channel.FORUM})


class Visibility(StrEnum):
    PUBLIC = "public"
    PRIVATE = "private"
    INTERNAL = "internal"


class Status(StrEnum):
    NEW = "new"
    OPEN = "open"
    PENDING = "pending"
    RESOLVED = "resolved"
    CLOSED = "closed"
    MERGED = "merged"


class Tier(StrEnum):
    SELF_CARE = "self_care"
    COMMUNITY = "community"
    AGENT = "agent"
    BACK_OFFICE = "back_office"


TIERS = list(Tier)


class AuthorKind(StrEnum):
    CUSTOMER = "customer"
    AGENT = "agent"
    COMMUNITY_MEMBER = "community_member"
    SYSTEM = "system"
