"""ideas' lines of the register of processing (GDPR art. 30)."""

from chorus.processing import Processing

REGISTER = (
    Processing(("Idea.Submitted", "Idea.Edited", "Idea.Imported", "Comment.Posted",
                "Comment.Edited", "Comment.Imported"),
               purpose="crowdsourced innovation: publish the community's ideas and comments",
               legal_basis="contract: the community's terms of use (art. 6(1)(b))",
               read_by=("GetIdea", "ListIdeas", "ListComments", "SuggestDuplicates",
                        "ListModerationQueue", "ExportSubjectData")),
    Processing(("AbuseReport.Filed",),
               purpose="moderation: handle reports of abusive posts",
               legal_basis="legal obligation and legitimate interest (art. 6(1)(c), (f))",
               read_by=("ListModerationQueue", "ExportSubjectData")),
)
