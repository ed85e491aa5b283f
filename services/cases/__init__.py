"""cases: complaint and support cases from every channel, SLA clocks, escalation."""
