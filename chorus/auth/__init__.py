"""Bearer-token authentication and role/tenant authorisation for every gRPC call."""
