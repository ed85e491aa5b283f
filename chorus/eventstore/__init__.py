"""Append-only event store on asyncpg: the source of truth and the audit trail of a service."""
