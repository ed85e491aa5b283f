"""Read models fed from the service's own event store."""
