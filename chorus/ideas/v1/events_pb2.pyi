from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Vote(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    VOTE_UNSPECIFIED: _ClassVar[Vote]
    VOTE_UP: _ClassVar[Vote]
    VOTE_DOWN: _ClassVar[Vote]
VOTE_UNSPECIFIED: Vote
VOTE_UP: Vote
VOTE_DOWN: Vote

class IdeaSubmitted(_message.Message):
    __slots__ = ("idea_id", "author_id", "category", "campaign_id")
    IDEA_ID_FIELD_NUMBER: _ClassVar[int]
    AUTHOR_ID_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    CAMPAIGN_ID_FIELD_NUMBER: _ClassVar[int]
    idea_id: str
    author_id: str
    category: str
    campaign_id: str
    def __init__(self, idea_id: _Optional[str] = ..., author_id: _Optional[str] = ..., category: _Optional[str] = ..., campaign_id: _Optional[str] = ...) -> None: ...

class IdeaWithdrawn(_message.Message):
    __slots__ = ("idea_id", "author_id")
    IDEA_ID_FIELD_NUMBER: _ClassVar[int]
    AUTHOR_ID_FIELD_NUMBER: _ClassVar[int]
    idea_id: str
    author_id: str
    def __init__(self, idea_id: _Optional[str] = ..., author_id: _Optional[str] = ...) -> None: ...

class IdeaStatusChanged(_message.Message):
    __slots__ = ("idea_id", "author_id", "status", "previous_status", "duplicate_of")
    IDEA_ID_FIELD_NUMBER: _ClassVar[int]
    AUTHOR_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    PREVIOUS_STATUS_FIELD_NUMBER: _ClassVar[int]
    DUPLICATE_OF_FIELD_NUMBER: _ClassVar[int]
    idea_id: str
    author_id: str
    status: str
    previous_status: str
    duplicate_of: str
    def __init__(self, idea_id: _Optional[str] = ..., author_id: _Optional[str] = ..., status: _Optional[str] = ..., previous_status: _Optional[str] = ..., duplicate_of: _Optional[str] = ...) -> None: ...

class IdeaVoteChanged(_message.Message):
    __slots__ = ("idea_id", "voter_id", "vote", "previous_vote")
    IDEA_ID_FIELD_NUMBER: _ClassVar[int]
    VOTER_ID_FIELD_NUMBER: _ClassVar[int]
    VOTE_FIELD_NUMBER: _ClassVar[int]
    PREVIOUS_VOTE_FIELD_NUMBER: _ClassVar[int]
    idea_id: str
    voter_id: str
    vote: Vote
    previous_vote: Vote
    def __init__(self, idea_id: _Optional[str] = ..., voter_id: _Optional[str] = ..., vote: _Optional[_Union[Vote, str]] = ..., previous_vote: _Optional[_Union[Vote, str]] = ...) -> None: ...

class CommentPosted(_message.Message):
    __slots__ = ("comment_id", "idea_id", "author_id", "official")
    COMMENT_ID_FIELD_NUMBER: _ClassVar[int]
    IDEA_ID_FIELD_NUMBER: _ClassVar[int]
    AUTHOR_ID_FIELD_NUMBER: _ClassVar[int]
    OFFICIAL_FIELD_NUMBER: _ClassVar[int]
    comment_id: str
    idea_id: str
    author_id: str
    official: bool
    def __init__(self, comment_id: _Optional[str] = ..., idea_id: _Optional[str] = ..., author_id: _Optional[str] = ..., official: _Optional[bool] = ...) -> None: ...

class CommentDeleted(_message.Message):
    __slots__ = ("comment_id", "idea_id", "author_id")
    COMMENT_ID_FIELD_NUMBER: _ClassVar[int]
    IDEA_ID_FIELD_NUMBER: _ClassVar[int]
    AUTHOR_ID_FIELD_NUMBER: _ClassVar[int]
    comment_id: str
    idea_id: str
    author_id: str
    def __init__(self, comment_id: _Optional[str] = ..., idea_id: _Optional[str] = ..., author_id: _Optional[str] = ...) -> None: ...

class IdeasMerged(_message.Message):
    __slots__ = ("merged_idea_id", "survivor_idea_id")
    MERGED_IDEA_ID_FIELD_NUMBER: _ClassVar[int]
    SURVIVOR_IDEA_ID_FIELD_NUMBER: _ClassVar[int]
    merged_idea_id: str
    survivor_idea_id: str
    def __init__(self, merged_idea_id: _Optional[str] = ..., survivor_idea_id: _Optional[str] = ...) -> None: ...

class NotificationIssued(_message.Message):
    __slots__ = ("notification_id", "customer_id", "idea_id", "kind", "status", "channels")
    NOTIFICATION_ID_FIELD_NUMBER: _ClassVar[int]
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    IDEA_ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    CHANNELS_FIELD_NUMBER: _ClassVar[int]
    notification_id: str
    customer_id: str
    idea_id: str
    kind: str
    status: str
    channels: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, notification_id: _Optional[str] = ..., customer_id: _Optional[str] = ..., idea_id: _Optional[str] = ..., kind: _Optional[str] = ..., status: _Optional[str] = ..., channels: _Optional[_Iterable[str]] = ...) -> None: ...
