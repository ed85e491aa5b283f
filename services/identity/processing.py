"""identity's lines of the register of processing (GDPR art. 30)."""

from chorus.processing import Processing

REGISTER = (
    Processing(("Customer.Registered", "Customer.DetailsChanged"),
               purpose="customer relationship: know who the customer is and reach them",
               legal_basis="contract (art. 6(1)(b))",
               read_by=("GetCustomer", "ListCustomers", "GetCustomer360", "ExportSubjectData")),
    Processing(("SocialProfile.Recorded", "SocialProfile.Observed"),
               purpose="recognise the customer's public social accounts to answer them there",
               legal_basis="legitimate interest (art. 6(1)(f))",
               read_by=("Resolve", "GetCustomer360", "ExportSubjectData")),
)
