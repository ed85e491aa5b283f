"""ideas' import over gRPC: a community brought in from elsewhere, batch by batch."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from typing import Any

from chorus.auth.principal import caller
from chorus.grpc.messages import written
from chorus.grpc.validation import Check
from chorus.ideas.v1 import events_pb2 as events
from chorus.ideas.v1 import ideas_pb2 as pb
from services.ideas.api.parts import CATEGORY, ApiParts
from services.ideas.domain.comment import COMMENT_MAX
from services.ideas.domain.idea import BODY_MAX, TITLE_MAX, Status
from services.ideas.importing import ImportedComment, ImportedIdea, import_ideas
from services.ideas.messages import VOTE_OF, status_of

SOURCE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
IDEAS_MAX = 100  # ideas a request
ITEMS_MAX = 10_000  # votes and comments a request, in all
SOURCE_ID_MAX = 200


def _votes(check: Check, at: str, idea: pb.ImportedIdea) -> list[Any]:
    votes = []
    for j, v in enumerate(idea.votes):
        field = f"{at}.votes[{j}]"
        voter = check.uuid(f"{field}.voter_id", v.voter_id)
        if v.vote not in (events.VOTE_UP, events.VOTE_DOWN):
            check.fail(f"{field}.vote", "must be VOTE_UP or VOTE_DOWN")
        when = check.past_time(f"{field}.voted_at", v, "voted_at")
        votes.append((voter, VOTE_OF.get(v.vote), when))
    return votes


def _comments(check: Check, at: str, idea: pb.ImportedIdea) -> list[ImportedComment]:
    comments: list[ImportedComment] = []
    seen: set[str] = set()
    for j, c in enumerate(idea.comments):
        field = f"{at}.comments[{j}]"
        source_id = check.text(f"{field}.source_id", c.source_id, max_len=SOURCE_ID_MAX)
        if source_id in seen:
            check.fail(f"{field}.source_id", "is listed twice for this idea")
        parent = check.text(f"{field}.parent_source_id", c.parent_source_id,
                            max_len=SOURCE_ID_MAX, required=False)
        if parent and parent not in seen:
            check.fail(f"{field}.parent_source_id", "must name an earlier comment of the idea")
        seen.add(source_id)
        author = (check.text(f"{field}.author_id", c.author_id) if c.official
                  else str(check.uuid(f"{field}.author_id", c.author_id)))
        body = check.text(f"{field}.body", c.body, max_len=COMMENT_MAX)
        when = check.past_time(f"{field}.posted_at", c, "posted_at")
        comments.append(ImportedComment(source_id, parent, author, body, c.official,
                                        when))  # type: ignore[arg-type]
    return comments


def imported_idea(check: Check, at: str, idea: pb.ImportedIdea) -> ImportedIdea:
    """An idea of an import request, validated (`at`: its field path, for violations)."""
    source_id = check.text(f"{at}.source_id", idea.source_id, max_len=SOURCE_ID_MAX)
    author = check.uuid(f"{at}.author_id", idea.author_id)
    title = check.text(f"{at}.title", idea.title, max_len=TITLE_MAX)
    body = check.text(f"{at}.body", idea.body, max_len=BODY_MAX)
    category = check.optional_pattern(f"{at}.category", idea.category, CATEGORY,
                                      "a defined category's slug")
    if not category:
        check.fail(f"{at}.category", "is required")
    campaign = check.uuid(f"{at}.campaign_id", idea.campaign_id) if idea.campaign_id else None
    submitted = check.past_time(f"{at}.submitted_at", idea, "submitted_at")
    status = (status_of(check, idea.status, f"{at}.status") if idea.status
              else Status.NEW)
    if status is Status.DUPLICATE:
        check.fail(f"{at}.status", "duplicates are not imported: send their votes and"
                   " comments with the idea they were merged into")
    explanation = check.text(f"{at}.explanation", idea.explanation, max_len=BODY_MAX,
                             required=False)
    return ImportedIdea(source_id, author, title, body, category, campaign,
                        submitted, status, explanation,  # type: ignore[arg-type]
                        _votes(check, at, idea), _comments(check, at, idea))


async def import_batch(request: pb.ImportIdeasRequest) -> tuple[str, list[ImportedIdea]]:
    """(source, ideas) of one request, validated whole: a bad request imports nothing."""
    check = Check()
    if not request.ideas:
        check.fail("ideas", "is required")
    if len(request.ideas) > IDEAS_MAX:
        check.fail("ideas", f"at most {IDEAS_MAX} a request")
    if sum(len(i.votes) + len(i.comments) for i in request.ideas) > ITEMS_MAX:
        check.fail("ideas", f"at most {ITEMS_MAX} votes and comments a request, in all")
    check.done()  # before reading every idea of an oversized request
    source = check.optional_pattern("source", request.source, SOURCE,
                                    "a slug: lower-case letters, digits, - and _")
    if not source:
        check.fail("source", "is required")
    ideas = []
    for i, idea in enumerate(request.ideas):
        ideas.append(imported_idea(check, f"ideas[{i}]", idea))
        await asyncio.sleep(0)  # thousands of votes and comments: let the projections run
    if len({i.source_id for i in ideas}) < len(ideas):
        check.fail("ideas", "an idea's source_id is listed twice")
    check.done()
    return source, ideas


class ImportApi(ApiParts):
    async def ImportIdeas(self, requests: AsyncIterator[pb.ImportIdeasRequest],
                          context: Any) -> AsyncIterator[pb.ImportIdeasResponse]:
        p = caller()
        async for request in requests:
            source, ideas = await import_batch(request)
            outcomes, position = await import_ideas(self.store, p, source, ideas)
            yield pb.ImportIdeasResponse(write=written(position), ideas=[
                pb.ImportedIdeaResult(
                    source_id=o.source_id, idea_id=str(o.idea_id),
                    already_imported=o.already_imported, votes_added=o.votes_added,
                    comments_added=o.comments_added) for o in outcomes])
