"""Aggregates of ideas: they arrive with the service's own issue; until then the service only
keeps the replica of identity's customers it needs to refer to them."""
