"""reputation's lines of the register of processing (GDPR art. 30)."""

from chorus.processing import Processing

REGISTER = (
    Processing(("Mention.Recorded",),
               purpose="e-reputation: hear public mentions of the brand, answer those that"
                       " need it, detect bad buzz",
               legal_basis="legitimate interest (art. 6(1)(f)); authors may object"
                           " (ObjectToTracking, art. 21)",
               read_by=("GetMention", "SearchMentions", "ListTopPosts", "ListAuthors",
                        "ExportSubjectData")),
)
