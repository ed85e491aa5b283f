"""Read-model columns that hold people's words in clear (for text search), kept out of the
planner's statistics.

ANALYZE (autovacuum runs it on its own) copies a sample of each column's values into the
catalog `pg_statistic`: a text column's most common values and histogram bounds, a search
vector's most common words. Erasure rewrites the read model's table into new files, but not
that catalog, where the sampled words of an erased person would stay in the old statistics'
row versions. A statistics target of 0 makes ANALYZE skip the column: the planner estimates
its selectivity by default rules instead, which text search over a GIN index does not need.
"""

from __future__ import annotations


def unsampled(table: str, *columns: str) -> str:
    """SQL keeping `columns` of `table` out of ANALYZE's samples from now on, and dropping
    what an earlier ANALYZE sampled of them (idempotent)."""
    schema, name = table.split(".")
    return f"ALTER TABLE {table} " + ", ".join(
        f"ALTER COLUMN {column} SET STATISTICS 0" for column in columns) + "; " + "; ".join(
        f"SELECT pg_clear_attribute_stats('{schema}', '{name}', '{column}', false)"
        for column in columns)
