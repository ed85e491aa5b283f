import datetime

from chorus.common.v1 import consistency_pb2 as _consistency_pb2
from chorus.common.v1 import privacy_pb2 as _privacy_pb2
from chorus.ideas.v1 import events_pb2 as _events_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class IdeaStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    IDEA_STATUS_UNSPECIFIED: _ClassVar[IdeaStatus]
    IDEA_STATUS_NEW: _ClassVar[IdeaStatus]
    IDEA_STATUS_UNDER_REVIEW: _ClassVar[IdeaStatus]
    IDEA_STATUS_PLANNED: _ClassVar[IdeaStatus]
    IDEA_STATUS_IN_PROGRESS: _ClassVar[IdeaStatus]
    IDEA_STATUS_IMPLEMENTED: _ClassVar[IdeaStatus]
    IDEA_STATUS_DECLINED: _ClassVar[IdeaStatus]
    IDEA_STATUS_DUPLICATE: _ClassVar[IdeaStatus]
    IDEA_STATUS_WITHDRAWN: _ClassVar[IdeaStatus]

class IdeaOrder(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    IDEA_ORDER_UNSPECIFIED: _ClassVar[IdeaOrder]
    IDEA_ORDER_TOP: _ClassVar[IdeaOrder]
    IDEA_ORDER_TRENDING: _ClassVar[IdeaOrder]
    IDEA_ORDER_NEWEST: _ClassVar[IdeaOrder]
    IDEA_ORDER_MOST_DISCUSSED: _ClassVar[IdeaOrder]
IDEA_STATUS_UNSPECIFIED: IdeaStatus
IDEA_STATUS_NEW: IdeaStatus
IDEA_STATUS_UNDER_REVIEW: IdeaStatus
IDEA_STATUS_PLANNED: IdeaStatus
IDEA_STATUS_IN_PROGRESS: IdeaStatus
IDEA_STATUS_IMPLEMENTED: IdeaStatus
IDEA_STATUS_DECLINED: IdeaStatus
IDEA_STATUS_DUPLICATE: IdeaStatus
IDEA_STATUS_WITHDRAWN: IdeaStatus
IDEA_ORDER_UNSPECIFIED: IdeaOrder
IDEA_ORDER_TOP: IdeaOrder
IDEA_ORDER_TRENDING: IdeaOrder
IDEA_ORDER_NEWEST: IdeaOrder
IDEA_ORDER_MOST_DISCUSSED: IdeaOrder

class GetKnownCustomerRequest(_message.Message):
    __slots__ = ("customer_id",)
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    customer_id: str
    def __init__(self, customer_id: _Optional[str] = ...) -> None: ...

class GetKnownCustomerResponse(_message.Message):
    __slots__ = ("customer_id", "customer_code", "known_since")
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    CUSTOMER_CODE_FIELD_NUMBER: _ClassVar[int]
    KNOWN_SINCE_FIELD_NUMBER: _ClassVar[int]
    customer_id: str
    customer_code: str
    known_since: _timestamp_pb2.Timestamp
    def __init__(self, customer_id: _Optional[str] = ..., customer_code: _Optional[str] = ..., known_since: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class DefineCategoryRequest(_message.Message):
    __slots__ = ("category", "description")
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    category: str
    description: str
    def __init__(self, category: _Optional[str] = ..., description: _Optional[str] = ...) -> None: ...

class DefineCategoryResponse(_message.Message):
    __slots__ = ("write",)
    WRITE_FIELD_NUMBER: _ClassVar[int]
    write: _consistency_pb2.WriteResult
    def __init__(self, write: _Optional[_Union[_consistency_pb2.WriteResult, _Mapping]] = ...) -> None: ...

class ListCategoriesRequest(_message.Message):
    __slots__ = ("consistency",)
    CONSISTENCY_FIELD_NUMBER: _ClassVar[int]
    consistency: _consistency_pb2.Consistency
    def __init__(self, consistency: _Optional[_Union[_consistency_pb2.Consistency, _Mapping]] = ...) -> None: ...

class Category(_message.Message):
    __slots__ = ("category", "description")
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    category: str
    description: str
    def __init__(self, category: _Optional[str] = ..., description: _Optional[str] = ...) -> None: ...

class ListCategoriesResponse(_message.Message):
    __slots__ = ("categories",)
    CATEGORIES_FIELD_NUMBER: _ClassVar[int]
    categories: _containers.RepeatedCompositeFieldContainer[Category]
    def __init__(self, categories: _Optional[_Iterable[_Union[Category, _Mapping]]] = ...) -> None: ...

class LaunchCampaignRequest(_message.Message):
    __slots__ = ("title", "question", "category", "starts_at", "ends_at")
    TITLE_FIELD_NUMBER: _ClassVar[int]
    QUESTION_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    STARTS_AT_FIELD_NUMBER: _ClassVar[int]
    ENDS_AT_FIELD_NUMBER: _ClassVar[int]
    title: str
    question: str
    category: str
    starts_at: _timestamp_pb2.Timestamp
    ends_at: _timestamp_pb2.Timestamp
    def __init__(self, title: _Optional[str] = ..., question: _Optional[str] = ..., category: _Optional[str] = ..., starts_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., ends_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class LaunchCampaignResponse(_message.Message):
    __slots__ = ("campaign_id", "write")
    CAMPAIGN_ID_FIELD_NUMBER: _ClassVar[int]
    WRITE_FIELD_NUMBER: _ClassVar[int]
    campaign_id: str
    write: _consistency_pb2.WriteResult
    def __init__(self, campaign_id: _Optional[str] = ..., write: _Optional[_Union[_consistency_pb2.WriteResult, _Mapping]] = ...) -> None: ...

class ListCampaignsRequest(_message.Message):
    __slots__ = ("open_only", "consistency")
    OPEN_ONLY_FIELD_NUMBER: _ClassVar[int]
    CONSISTENCY_FIELD_NUMBER: _ClassVar[int]
    open_only: bool
    consistency: _consistency_pb2.Consistency
    def __init__(self, open_only: _Optional[bool] = ..., consistency: _Optional[_Union[_consistency_pb2.Consistency, _Mapping]] = ...) -> None: ...

class Campaign(_message.Message):
    __slots__ = ("campaign_id", "title", "question", "category", "starts_at", "ends_at")
    CAMPAIGN_ID_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    QUESTION_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    STARTS_AT_FIELD_NUMBER: _ClassVar[int]
    ENDS_AT_FIELD_NUMBER: _ClassVar[int]
    campaign_id: str
    title: str
    question: str
    category: str
    starts_at: _timestamp_pb2.Timestamp
    ends_at: _timestamp_pb2.Timestamp
    def __init__(self, campaign_id: _Optional[str] = ..., title: _Optional[str] = ..., question: _Optional[str] = ..., category: _Optional[str] = ..., starts_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., ends_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ListCampaignsResponse(_message.Message):
    __slots__ = ("campaigns",)
    CAMPAIGNS_FIELD_NUMBER: _ClassVar[int]
    campaigns: _containers.RepeatedCompositeFieldContainer[Campaign]
    def __init__(self, campaigns: _Optional[_Iterable[_Union[Campaign, _Mapping]]] = ...) -> None: ...

class Idea(_message.Message):
    __slots__ = ("idea_id", "author_id", "title", "body", "category", "campaign_id", "status", "explanation", "duplicate_of", "votes_up", "votes_down", "score", "comments", "submitted_at", "hidden", "held_for_review")
    IDEA_ID_FIELD_NUMBER: _ClassVar[int]
    AUTHOR_ID_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    BODY_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    CAMPAIGN_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    EXPLANATION_FIELD_NUMBER: _ClassVar[int]
    DUPLICATE_OF_FIELD_NUMBER: _ClassVar[int]
    VOTES_UP_FIELD_NUMBER: _ClassVar[int]
    VOTES_DOWN_FIELD_NUMBER: _ClassVar[int]
    SCORE_FIELD_NUMBER: _ClassVar[int]
    COMMENTS_FIELD_NUMBER: _ClassVar[int]
    SUBMITTED_AT_FIELD_NUMBER: _ClassVar[int]
    HIDDEN_FIELD_NUMBER: _ClassVar[int]
    HELD_FOR_REVIEW_FIELD_NUMBER: _ClassVar[int]
    idea_id: str
    author_id: str
    title: str
    body: str
    category: str
    campaign_id: str
    status: IdeaStatus
    explanation: str
    duplicate_of: str
    votes_up: int
    votes_down: int
    score: int
    comments: int
    submitted_at: _timestamp_pb2.Timestamp
    hidden: bool
    held_for_review: bool
    def __init__(self, idea_id: _Optional[str] = ..., author_id: _Optional[str] = ..., title: _Optional[str] = ..., body: _Optional[str] = ..., category: _Optional[str] = ..., campaign_id: _Optional[str] = ..., status: _Optional[_Union[IdeaStatus, str]] = ..., explanation: _Optional[str] = ..., duplicate_of: _Optional[str] = ..., votes_up: _Optional[int] = ..., votes_down: _Optional[int] = ..., score: _Optional[int] = ..., comments: _Optional[int] = ..., submitted_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., hidden: _Optional[bool] = ..., held_for_review: _Optional[bool] = ...) -> None: ...

class SubmitIdeaRequest(_message.Message):
    __slots__ = ("title", "body", "category", "campaign_id", "author_id")
    TITLE_FIELD_NUMBER: _ClassVar[int]
    BODY_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    CAMPAIGN_ID_FIELD_NUMBER: _ClassVar[int]
    AUTHOR_ID_FIELD_NUMBER: _ClassVar[int]
    title: str
    body: str
    category: str
    campaign_id: str
    author_id: str
    def __init__(self, title: _Optional[str] = ..., body: _Optional[str] = ..., category: _Optional[str] = ..., campaign_id: _Optional[str] = ..., author_id: _Optional[str] = ...) -> None: ...

class SubmitIdeaResponse(_message.Message):
    __slots__ = ("idea_id", "similar", "held_for_review", "write")
    IDEA_ID_FIELD_NUMBER: _ClassVar[int]
    SIMILAR_FIELD_NUMBER: _ClassVar[int]
    HELD_FOR_REVIEW_FIELD_NUMBER: _ClassVar[int]
    WRITE_FIELD_NUMBER: _ClassVar[int]
    idea_id: str
    similar: _containers.RepeatedCompositeFieldContainer[SimilarIdea]
    held_for_review: bool
    write: _consistency_pb2.WriteResult
    def __init__(self, idea_id: _Optional[str] = ..., similar: _Optional[_Iterable[_Union[SimilarIdea, _Mapping]]] = ..., held_for_review: _Optional[bool] = ..., write: _Optional[_Union[_consistency_pb2.WriteResult, _Mapping]] = ...) -> None: ...

class SimilarIdea(_message.Message):
    __slots__ = ("idea_id", "title", "similarity")
    IDEA_ID_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    SIMILARITY_FIELD_NUMBER: _ClassVar[int]
    idea_id: str
    title: str
    similarity: float
    def __init__(self, idea_id: _Optional[str] = ..., title: _Optional[str] = ..., similarity: _Optional[float] = ...) -> None: ...

class SuggestDuplicatesRequest(_message.Message):
    __slots__ = ("title", "limit")
    TITLE_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    title: str
    limit: int
    def __init__(self, title: _Optional[str] = ..., limit: _Optional[int] = ...) -> None: ...

class SuggestDuplicatesResponse(_message.Message):
    __slots__ = ("similar",)
    SIMILAR_FIELD_NUMBER: _ClassVar[int]
    similar: _containers.RepeatedCompositeFieldContainer[SimilarIdea]
    def __init__(self, similar: _Optional[_Iterable[_Union[SimilarIdea, _Mapping]]] = ...) -> None: ...

class EditIdeaRequest(_message.Message):
    __slots__ = ("idea_id", "title", "body", "author_id")
    IDEA_ID_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    BODY_FIELD_NUMBER: _ClassVar[int]
    AUTHOR_ID_FIELD_NUMBER: _ClassVar[int]
    idea_id: str
    title: str
    body: str
    author_id: str
    def __init__(self, idea_id: _Optional[str] = ..., title: _Optional[str] = ..., body: _Optional[str] = ..., author_id: _Optional[str] = ...) -> None: ...

class EditIdeaResponse(_message.Message):
    __slots__ = ("write",)
    WRITE_FIELD_NUMBER: _ClassVar[int]
    write: _consistency_pb2.WriteResult
    def __init__(self, write: _Optional[_Union[_consistency_pb2.WriteResult, _Mapping]] = ...) -> None: ...

class WithdrawIdeaRequest(_message.Message):
    __slots__ = ("idea_id", "author_id")
    IDEA_ID_FIELD_NUMBER: _ClassVar[int]
    AUTHOR_ID_FIELD_NUMBER: _ClassVar[int]
    idea_id: str
    author_id: str
    def __init__(self, idea_id: _Optional[str] = ..., author_id: _Optional[str] = ...) -> None: ...

class WithdrawIdeaResponse(_message.Message):
    __slots__ = ("write",)
    WRITE_FIELD_NUMBER: _ClassVar[int]
    write: _consistency_pb2.WriteResult
    def __init__(self, write: _Optional[_Union[_consistency_pb2.WriteResult, _Mapping]] = ...) -> None: ...

class GetIdeaRequest(_message.Message):
    __slots__ = ("idea_id", "consistency")
    IDEA_ID_FIELD_NUMBER: _ClassVar[int]
    CONSISTENCY_FIELD_NUMBER: _ClassVar[int]
    idea_id: str
    consistency: _consistency_pb2.Consistency
    def __init__(self, idea_id: _Optional[str] = ..., consistency: _Optional[_Union[_consistency_pb2.Consistency, _Mapping]] = ...) -> None: ...

class GetIdeaResponse(_message.Message):
    __slots__ = ("idea", "redirected_from")
    IDEA_FIELD_NUMBER: _ClassVar[int]
    REDIRECTED_FROM_FIELD_NUMBER: _ClassVar[int]
    idea: Idea
    redirected_from: str
    def __init__(self, idea: _Optional[_Union[Idea, _Mapping]] = ..., redirected_from: _Optional[str] = ...) -> None: ...

class ListIdeasRequest(_message.Message):
    __slots__ = ("order", "status", "category", "campaign_id", "query", "page_size", "page_token", "consistency")
    ORDER_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    CAMPAIGN_ID_FIELD_NUMBER: _ClassVar[int]
    QUERY_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    CONSISTENCY_FIELD_NUMBER: _ClassVar[int]
    order: IdeaOrder
    status: IdeaStatus
    category: str
    campaign_id: str
    query: str
    page_size: int
    page_token: str
    consistency: _consistency_pb2.Consistency
    def __init__(self, order: _Optional[_Union[IdeaOrder, str]] = ..., status: _Optional[_Union[IdeaStatus, str]] = ..., category: _Optional[str] = ..., campaign_id: _Optional[str] = ..., query: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., consistency: _Optional[_Union[_consistency_pb2.Consistency, _Mapping]] = ...) -> None: ...

class ListIdeasResponse(_message.Message):
    __slots__ = ("ideas", "next_page_token")
    IDEAS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    ideas: _containers.RepeatedCompositeFieldContainer[Idea]
    next_page_token: str
    def __init__(self, ideas: _Optional[_Iterable[_Union[Idea, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class ChangeIdeaStatusRequest(_message.Message):
    __slots__ = ("idea_id", "status", "explanation")
    IDEA_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    EXPLANATION_FIELD_NUMBER: _ClassVar[int]
    idea_id: str
    status: IdeaStatus
    explanation: str
    def __init__(self, idea_id: _Optional[str] = ..., status: _Optional[_Union[IdeaStatus, str]] = ..., explanation: _Optional[str] = ...) -> None: ...

class ChangeIdeaStatusResponse(_message.Message):
    __slots__ = ("write",)
    WRITE_FIELD_NUMBER: _ClassVar[int]
    write: _consistency_pb2.WriteResult
    def __init__(self, write: _Optional[_Union[_consistency_pb2.WriteResult, _Mapping]] = ...) -> None: ...

class MergeIdeasRequest(_message.Message):
    __slots__ = ("merged_idea_id", "survivor_idea_id")
    MERGED_IDEA_ID_FIELD_NUMBER: _ClassVar[int]
    SURVIVOR_IDEA_ID_FIELD_NUMBER: _ClassVar[int]
    merged_idea_id: str
    survivor_idea_id: str
    def __init__(self, merged_idea_id: _Optional[str] = ..., survivor_idea_id: _Optional[str] = ...) -> None: ...

class MergeIdeasResponse(_message.Message):
    __slots__ = ("write",)
    WRITE_FIELD_NUMBER: _ClassVar[int]
    write: _consistency_pb2.WriteResult
    def __init__(self, write: _Optional[_Union[_consistency_pb2.WriteResult, _Mapping]] = ...) -> None: ...

class ImportIdeasRequest(_message.Message):
    __slots__ = ("source", "ideas")
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    IDEAS_FIELD_NUMBER: _ClassVar[int]
    source: str
    ideas: _containers.RepeatedCompositeFieldContainer[ImportedIdea]
    def __init__(self, source: _Optional[str] = ..., ideas: _Optional[_Iterable[_Union[ImportedIdea, _Mapping]]] = ...) -> None: ...

class ImportedIdea(_message.Message):
    __slots__ = ("source_id", "author_id", "title", "body", "category", "campaign_id", "submitted_at", "status", "explanation", "votes", "comments")
    SOURCE_ID_FIELD_NUMBER: _ClassVar[int]
    AUTHOR_ID_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    BODY_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    CAMPAIGN_ID_FIELD_NUMBER: _ClassVar[int]
    SUBMITTED_AT_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    EXPLANATION_FIELD_NUMBER: _ClassVar[int]
    VOTES_FIELD_NUMBER: _ClassVar[int]
    COMMENTS_FIELD_NUMBER: _ClassVar[int]
    source_id: str
    author_id: str
    title: str
    body: str
    category: str
    campaign_id: str
    submitted_at: _timestamp_pb2.Timestamp
    status: IdeaStatus
    explanation: str
    votes: _containers.RepeatedCompositeFieldContainer[ImportedVote]
    comments: _containers.RepeatedCompositeFieldContainer[ImportedComment]
    def __init__(self, source_id: _Optional[str] = ..., author_id: _Optional[str] = ..., title: _Optional[str] = ..., body: _Optional[str] = ..., category: _Optional[str] = ..., campaign_id: _Optional[str] = ..., submitted_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., status: _Optional[_Union[IdeaStatus, str]] = ..., explanation: _Optional[str] = ..., votes: _Optional[_Iterable[_Union[ImportedVote, _Mapping]]] = ..., comments: _Optional[_Iterable[_Union[ImportedComment, _Mapping]]] = ...) -> None: ...

class ImportedVote(_message.Message):
    __slots__ = ("voter_id", "vote", "voted_at")
    VOTER_ID_FIELD_NUMBER: _ClassVar[int]
    VOTE_FIELD_NUMBER: _ClassVar[int]
    VOTED_AT_FIELD_NUMBER: _ClassVar[int]
    voter_id: str
    vote: _events_pb2.Vote
    voted_at: _timestamp_pb2.Timestamp
    def __init__(self, voter_id: _Optional[str] = ..., vote: _Optional[_Union[_events_pb2.Vote, str]] = ..., voted_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ImportedComment(_message.Message):
    __slots__ = ("source_id", "parent_source_id", "author_id", "body", "official", "posted_at")
    SOURCE_ID_FIELD_NUMBER: _ClassVar[int]
    PARENT_SOURCE_ID_FIELD_NUMBER: _ClassVar[int]
    AUTHOR_ID_FIELD_NUMBER: _ClassVar[int]
    BODY_FIELD_NUMBER: _ClassVar[int]
    OFFICIAL_FIELD_NUMBER: _ClassVar[int]
    POSTED_AT_FIELD_NUMBER: _ClassVar[int]
    source_id: str
    parent_source_id: str
    author_id: str
    body: str
    official: bool
    posted_at: _timestamp_pb2.Timestamp
    def __init__(self, source_id: _Optional[str] = ..., parent_source_id: _Optional[str] = ..., author_id: _Optional[str] = ..., body: _Optional[str] = ..., official: _Optional[bool] = ..., posted_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ImportIdeasResponse(_message.Message):
    __slots__ = ("ideas", "write")
    IDEAS_FIELD_NUMBER: _ClassVar[int]
    WRITE_FIELD_NUMBER: _ClassVar[int]
    ideas: _containers.RepeatedCompositeFieldContainer[ImportedIdeaResult]
    write: _consistency_pb2.WriteResult
    def __init__(self, ideas: _Optional[_Iterable[_Union[ImportedIdeaResult, _Mapping]]] = ..., write: _Optional[_Union[_consistency_pb2.WriteResult, _Mapping]] = ...) -> None: ...

class ImportedIdeaResult(_message.Message):
    __slots__ = ("source_id", "idea_id", "already_imported", "votes_added", "comments_added")
    SOURCE_ID_FIELD_NUMBER: _ClassVar[int]
    IDEA_ID_FIELD_NUMBER: _ClassVar[int]
    ALREADY_IMPORTED_FIELD_NUMBER: _ClassVar[int]
    VOTES_ADDED_FIELD_NUMBER: _ClassVar[int]
    COMMENTS_ADDED_FIELD_NUMBER: _ClassVar[int]
    source_id: str
    idea_id: str
    already_imported: bool
    votes_added: int
    comments_added: int
    def __init__(self, source_id: _Optional[str] = ..., idea_id: _Optional[str] = ..., already_imported: _Optional[bool] = ..., votes_added: _Optional[int] = ..., comments_added: _Optional[int] = ...) -> None: ...

class VoteOnIdeaRequest(_message.Message):
    __slots__ = ("idea_id", "vote", "voter_id")
    IDEA_ID_FIELD_NUMBER: _ClassVar[int]
    VOTE_FIELD_NUMBER: _ClassVar[int]
    VOTER_ID_FIELD_NUMBER: _ClassVar[int]
    idea_id: str
    vote: _events_pb2.Vote
    voter_id: str
    def __init__(self, idea_id: _Optional[str] = ..., vote: _Optional[_Union[_events_pb2.Vote, str]] = ..., voter_id: _Optional[str] = ...) -> None: ...

class VoteOnIdeaResponse(_message.Message):
    __slots__ = ("write",)
    WRITE_FIELD_NUMBER: _ClassVar[int]
    write: _consistency_pb2.WriteResult
    def __init__(self, write: _Optional[_Union[_consistency_pb2.WriteResult, _Mapping]] = ...) -> None: ...

class Comment(_message.Message):
    __slots__ = ("comment_id", "idea_id", "parent_comment_id", "author_id", "body", "official", "votes_up", "votes_down", "posted_at", "deleted", "hidden", "held_for_review")
    COMMENT_ID_FIELD_NUMBER: _ClassVar[int]
    IDEA_ID_FIELD_NUMBER: _ClassVar[int]
    PARENT_COMMENT_ID_FIELD_NUMBER: _ClassVar[int]
    AUTHOR_ID_FIELD_NUMBER: _ClassVar[int]
    BODY_FIELD_NUMBER: _ClassVar[int]
    OFFICIAL_FIELD_NUMBER: _ClassVar[int]
    VOTES_UP_FIELD_NUMBER: _ClassVar[int]
    VOTES_DOWN_FIELD_NUMBER: _ClassVar[int]
    POSTED_AT_FIELD_NUMBER: _ClassVar[int]
    DELETED_FIELD_NUMBER: _ClassVar[int]
    HIDDEN_FIELD_NUMBER: _ClassVar[int]
    HELD_FOR_REVIEW_FIELD_NUMBER: _ClassVar[int]
    comment_id: str
    idea_id: str
    parent_comment_id: str
    author_id: str
    body: str
    official: bool
    votes_up: int
    votes_down: int
    posted_at: _timestamp_pb2.Timestamp
    deleted: bool
    hidden: bool
    held_for_review: bool
    def __init__(self, comment_id: _Optional[str] = ..., idea_id: _Optional[str] = ..., parent_comment_id: _Optional[str] = ..., author_id: _Optional[str] = ..., body: _Optional[str] = ..., official: _Optional[bool] = ..., votes_up: _Optional[int] = ..., votes_down: _Optional[int] = ..., posted_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., deleted: _Optional[bool] = ..., hidden: _Optional[bool] = ..., held_for_review: _Optional[bool] = ...) -> None: ...

class PostCommentRequest(_message.Message):
    __slots__ = ("idea_id", "parent_comment_id", "body", "official", "author_id")
    IDEA_ID_FIELD_NUMBER: _ClassVar[int]
    PARENT_COMMENT_ID_FIELD_NUMBER: _ClassVar[int]
    BODY_FIELD_NUMBER: _ClassVar[int]
    OFFICIAL_FIELD_NUMBER: _ClassVar[int]
    AUTHOR_ID_FIELD_NUMBER: _ClassVar[int]
    idea_id: str
    parent_comment_id: str
    body: str
    official: bool
    author_id: str
    def __init__(self, idea_id: _Optional[str] = ..., parent_comment_id: _Optional[str] = ..., body: _Optional[str] = ..., official: _Optional[bool] = ..., author_id: _Optional[str] = ...) -> None: ...

class PostCommentResponse(_message.Message):
    __slots__ = ("comment_id", "held_for_review", "write")
    COMMENT_ID_FIELD_NUMBER: _ClassVar[int]
    HELD_FOR_REVIEW_FIELD_NUMBER: _ClassVar[int]
    WRITE_FIELD_NUMBER: _ClassVar[int]
    comment_id: str
    held_for_review: bool
    write: _consistency_pb2.WriteResult
    def __init__(self, comment_id: _Optional[str] = ..., held_for_review: _Optional[bool] = ..., write: _Optional[_Union[_consistency_pb2.WriteResult, _Mapping]] = ...) -> None: ...

class EditCommentRequest(_message.Message):
    __slots__ = ("comment_id", "body", "author_id")
    COMMENT_ID_FIELD_NUMBER: _ClassVar[int]
    BODY_FIELD_NUMBER: _ClassVar[int]
    AUTHOR_ID_FIELD_NUMBER: _ClassVar[int]
    comment_id: str
    body: str
    author_id: str
    def __init__(self, comment_id: _Optional[str] = ..., body: _Optional[str] = ..., author_id: _Optional[str] = ...) -> None: ...

class EditCommentResponse(_message.Message):
    __slots__ = ("write",)
    WRITE_FIELD_NUMBER: _ClassVar[int]
    write: _consistency_pb2.WriteResult
    def __init__(self, write: _Optional[_Union[_consistency_pb2.WriteResult, _Mapping]] = ...) -> None: ...

class DeleteCommentRequest(_message.Message):
    __slots__ = ("comment_id", "author_id")
    COMMENT_ID_FIELD_NUMBER: _ClassVar[int]
    AUTHOR_ID_FIELD_NUMBER: _ClassVar[int]
    comment_id: str
    author_id: str
    def __init__(self, comment_id: _Optional[str] = ..., author_id: _Optional[str] = ...) -> None: ...

class DeleteCommentResponse(_message.Message):
    __slots__ = ("write",)
    WRITE_FIELD_NUMBER: _ClassVar[int]
    write: _consistency_pb2.WriteResult
    def __init__(self, write: _Optional[_Union[_consistency_pb2.WriteResult, _Mapping]] = ...) -> None: ...

class VoteOnCommentRequest(_message.Message):
    __slots__ = ("comment_id", "vote", "voter_id")
    COMMENT_ID_FIELD_NUMBER: _ClassVar[int]
    VOTE_FIELD_NUMBER: _ClassVar[int]
    VOTER_ID_FIELD_NUMBER: _ClassVar[int]
    comment_id: str
    vote: _events_pb2.Vote
    voter_id: str
    def __init__(self, comment_id: _Optional[str] = ..., vote: _Optional[_Union[_events_pb2.Vote, str]] = ..., voter_id: _Optional[str] = ...) -> None: ...

class VoteOnCommentResponse(_message.Message):
    __slots__ = ("write",)
    WRITE_FIELD_NUMBER: _ClassVar[int]
    write: _consistency_pb2.WriteResult
    def __init__(self, write: _Optional[_Union[_consistency_pb2.WriteResult, _Mapping]] = ...) -> None: ...

class ListCommentsRequest(_message.Message):
    __slots__ = ("idea_id", "page_size", "page_token", "consistency")
    IDEA_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    CONSISTENCY_FIELD_NUMBER: _ClassVar[int]
    idea_id: str
    page_size: int
    page_token: str
    consistency: _consistency_pb2.Consistency
    def __init__(self, idea_id: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., consistency: _Optional[_Union[_consistency_pb2.Consistency, _Mapping]] = ...) -> None: ...

class ListCommentsResponse(_message.Message):
    __slots__ = ("comments", "next_page_token")
    COMMENTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    comments: _containers.RepeatedCompositeFieldContainer[Comment]
    next_page_token: str
    def __init__(self, comments: _Optional[_Iterable[_Union[Comment, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class ModerateRequest(_message.Message):
    __slots__ = ("idea_id", "comment_id", "hide", "reason")
    IDEA_ID_FIELD_NUMBER: _ClassVar[int]
    COMMENT_ID_FIELD_NUMBER: _ClassVar[int]
    HIDE_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    idea_id: str
    comment_id: str
    hide: bool
    reason: str
    def __init__(self, idea_id: _Optional[str] = ..., comment_id: _Optional[str] = ..., hide: _Optional[bool] = ..., reason: _Optional[str] = ...) -> None: ...

class ModerateResponse(_message.Message):
    __slots__ = ("write",)
    WRITE_FIELD_NUMBER: _ClassVar[int]
    write: _consistency_pb2.WriteResult
    def __init__(self, write: _Optional[_Union[_consistency_pb2.WriteResult, _Mapping]] = ...) -> None: ...

class ReportAbuseRequest(_message.Message):
    __slots__ = ("idea_id", "comment_id", "reason", "reporter_id")
    IDEA_ID_FIELD_NUMBER: _ClassVar[int]
    COMMENT_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    REPORTER_ID_FIELD_NUMBER: _ClassVar[int]
    idea_id: str
    comment_id: str
    reason: str
    reporter_id: str
    def __init__(self, idea_id: _Optional[str] = ..., comment_id: _Optional[str] = ..., reason: _Optional[str] = ..., reporter_id: _Optional[str] = ...) -> None: ...

class ReportAbuseResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListModerationQueueRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class QueuedPost(_message.Message):
    __slots__ = ("idea_id", "comment_id", "why", "reports", "excerpt")
    IDEA_ID_FIELD_NUMBER: _ClassVar[int]
    COMMENT_ID_FIELD_NUMBER: _ClassVar[int]
    WHY_FIELD_NUMBER: _ClassVar[int]
    REPORTS_FIELD_NUMBER: _ClassVar[int]
    EXCERPT_FIELD_NUMBER: _ClassVar[int]
    idea_id: str
    comment_id: str
    why: str
    reports: int
    excerpt: str
    def __init__(self, idea_id: _Optional[str] = ..., comment_id: _Optional[str] = ..., why: _Optional[str] = ..., reports: _Optional[int] = ..., excerpt: _Optional[str] = ...) -> None: ...

class ListModerationQueueResponse(_message.Message):
    __slots__ = ("posts",)
    POSTS_FIELD_NUMBER: _ClassVar[int]
    posts: _containers.RepeatedCompositeFieldContainer[QueuedPost]
    def __init__(self, posts: _Optional[_Iterable[_Union[QueuedPost, _Mapping]]] = ...) -> None: ...

class SetBannedTermsRequest(_message.Message):
    __slots__ = ("terms",)
    TERMS_FIELD_NUMBER: _ClassVar[int]
    terms: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, terms: _Optional[_Iterable[str]] = ...) -> None: ...

class SetBannedTermsResponse(_message.Message):
    __slots__ = ("write",)
    WRITE_FIELD_NUMBER: _ClassVar[int]
    write: _consistency_pb2.WriteResult
    def __init__(self, write: _Optional[_Union[_consistency_pb2.WriteResult, _Mapping]] = ...) -> None: ...

class GetInboxRequest(_message.Message):
    __slots__ = ("customer_id", "page_size", "page_token")
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    customer_id: str
    page_size: int
    page_token: str
    def __init__(self, customer_id: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class Notification(_message.Message):
    __slots__ = ("notification_id", "idea_id", "idea_title", "kind", "status", "message", "roles", "channels", "at")
    NOTIFICATION_ID_FIELD_NUMBER: _ClassVar[int]
    IDEA_ID_FIELD_NUMBER: _ClassVar[int]
    IDEA_TITLE_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    ROLES_FIELD_NUMBER: _ClassVar[int]
    CHANNELS_FIELD_NUMBER: _ClassVar[int]
    AT_FIELD_NUMBER: _ClassVar[int]
    notification_id: str
    idea_id: str
    idea_title: str
    kind: str
    status: IdeaStatus
    message: str
    roles: _containers.RepeatedScalarFieldContainer[str]
    channels: _containers.RepeatedScalarFieldContainer[str]
    at: _timestamp_pb2.Timestamp
    def __init__(self, notification_id: _Optional[str] = ..., idea_id: _Optional[str] = ..., idea_title: _Optional[str] = ..., kind: _Optional[str] = ..., status: _Optional[_Union[IdeaStatus, str]] = ..., message: _Optional[str] = ..., roles: _Optional[_Iterable[str]] = ..., channels: _Optional[_Iterable[str]] = ..., at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class GetInboxResponse(_message.Message):
    __slots__ = ("notifications", "next_page_token")
    NOTIFICATIONS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    notifications: _containers.RepeatedCompositeFieldContainer[Notification]
    next_page_token: str
    def __init__(self, notifications: _Optional[_Iterable[_Union[Notification, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class GetLeaderboardRequest(_message.Message):
    __slots__ = ("month", "limit")
    MONTH_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    month: str
    limit: int
    def __init__(self, month: _Optional[str] = ..., limit: _Optional[int] = ...) -> None: ...

class Contributor(_message.Message):
    __slots__ = ("customer_id", "ideas_posted", "votes_received", "comments", "ideas_implemented", "points")
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    IDEAS_POSTED_FIELD_NUMBER: _ClassVar[int]
    VOTES_RECEIVED_FIELD_NUMBER: _ClassVar[int]
    COMMENTS_FIELD_NUMBER: _ClassVar[int]
    IDEAS_IMPLEMENTED_FIELD_NUMBER: _ClassVar[int]
    POINTS_FIELD_NUMBER: _ClassVar[int]
    customer_id: str
    ideas_posted: int
    votes_received: int
    comments: int
    ideas_implemented: int
    points: int
    def __init__(self, customer_id: _Optional[str] = ..., ideas_posted: _Optional[int] = ..., votes_received: _Optional[int] = ..., comments: _Optional[int] = ..., ideas_implemented: _Optional[int] = ..., points: _Optional[int] = ...) -> None: ...

class GetLeaderboardResponse(_message.Message):
    __slots__ = ("contributors",)
    CONTRIBUTORS_FIELD_NUMBER: _ClassVar[int]
    contributors: _containers.RepeatedCompositeFieldContainer[Contributor]
    def __init__(self, contributors: _Optional[_Iterable[_Union[Contributor, _Mapping]]] = ...) -> None: ...

class ExportSubjectDataRequest(_message.Message):
    __slots__ = ("customer_id",)
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    customer_id: str
    def __init__(self, customer_id: _Optional[str] = ...) -> None: ...

class HeldVote(_message.Message):
    __slots__ = ("idea_id", "comment_id", "vote")
    IDEA_ID_FIELD_NUMBER: _ClassVar[int]
    COMMENT_ID_FIELD_NUMBER: _ClassVar[int]
    VOTE_FIELD_NUMBER: _ClassVar[int]
    idea_id: str
    comment_id: str
    vote: _events_pb2.Vote
    def __init__(self, idea_id: _Optional[str] = ..., comment_id: _Optional[str] = ..., vote: _Optional[_Union[_events_pb2.Vote, str]] = ...) -> None: ...

class ExportSubjectDataResponse(_message.Message):
    __slots__ = ("idea", "comment", "vote", "notification", "change")
    IDEA_FIELD_NUMBER: _ClassVar[int]
    COMMENT_FIELD_NUMBER: _ClassVar[int]
    VOTE_FIELD_NUMBER: _ClassVar[int]
    NOTIFICATION_FIELD_NUMBER: _ClassVar[int]
    CHANGE_FIELD_NUMBER: _ClassVar[int]
    idea: Idea
    comment: Comment
    vote: HeldVote
    notification: Notification
    change: _privacy_pb2.SubjectChange
    def __init__(self, idea: _Optional[_Union[Idea, _Mapping]] = ..., comment: _Optional[_Union[Comment, _Mapping]] = ..., vote: _Optional[_Union[HeldVote, _Mapping]] = ..., notification: _Optional[_Union[Notification, _Mapping]] = ..., change: _Optional[_Union[_privacy_pb2.SubjectChange, _Mapping]] = ...) -> None: ...
