"""identity's read models: customers (verified store), the profile index and link history
(social store), and the activity and mentions other services' events feed."""
