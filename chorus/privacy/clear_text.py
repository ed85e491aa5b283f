"""Read-model columns that hold people's words in clear and that no query plan needs
statistics of (an idea's title and body, a comment's body), kept out of the planner's.

ANALYZE (autovacuum runs it on its own) copies a sample of each column's values into the
catalog `pg_statistic`: a text column's most common values and histogram bounds, a search
vector's most common words. Erasure's scrubber rewrites that catalog after the tables
(features/rewrite.py `rewrite_statistics`), which needs the service's role to own its
database; columns left out of the samples never reach the catalog at all, whatever the role.
Search vectors keep their statistics: the planner needs a word's frequency to choose between
walking the newest rows and the word index.
"""

from __future__ import annotations


def unsampled(table: str, *columns: str) -> str:
    """SQL keeping `columns` of `table` out of ANALYZE's samples from now on, and dropping
    what an earlier ANALYZE sampled of them. Only while some column is still sampled: once
    done, a start alters nothing (an ALTER TABLE would make every session plan the table's
    statements again)."""
    schema, name = table.split(".")
    names = ", ".join(f"'{column}'" for column in columns)
    alter = f"ALTER TABLE {table} " + ", ".join(
        f"ALTER COLUMN {column} SET STATISTICS 0" for column in columns)
    clear = " ".join(
        f"PERFORM pg_clear_attribute_stats('{schema}', '{name}', '{column}', false);"
        for column in columns)
    return (f"DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid ="
            f" '{table}'::regclass AND attname IN ({names}) AND attstattarget IS DISTINCT"
            f" FROM 0) THEN {alter}; {clear} END IF; END $$")
