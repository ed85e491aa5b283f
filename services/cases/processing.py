"""cases' lines of the register of processing (GDPR art. 30)."""

from chorus.processing import Processing

REGISTER = (
    Processing(("Case.Opened", "Case.MessageAdded", "CaseConversation.MessageAdded"),
               purpose="customer service: answer complaints and requests, within the promised"
                       " time, and keep the exchange as evidence",
               legal_basis="contract (art. 6(1)(b)); legitimate interest for public posts"
                           " (art. 6(1)(f))",
               read_by=("GetCase", "ListCases", "SearchCases", "GetQueue", "GetCaseHistory",
                        "ExportSubjectData")),
    Processing(("Case.SatisfactionRecorded",),
               purpose="measure satisfaction with customer service (and testimonies, with"
                       " consent)",
               legal_basis="legitimate interest (art. 6(1)(f))",
               read_by=("GetCase", "ExportSubjectData")),
)
