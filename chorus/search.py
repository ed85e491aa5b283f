"""Full-text search in the languages Chorus serves: English and French stems side by side,
so a word is found in either. The words a read model stores and the query matching them are
written here once for every service."""

from __future__ import annotations

LANGUAGES = ("english", "french")


def words(text: str) -> str:
    """SQL for the tsvector of the SQL expression `text`, stemmed in every language."""
    return " || ".join(f"to_tsvector('{language}', {text})" for language in LANGUAGES)


def matching(query: str) -> str:
    """SQL for the tsquery of the SQL expression `query` (web search syntax: words, "quoted
    phrases", -excluded) in every language."""
    return "(" + " || ".join(f"websearch_to_tsquery('{language}', {query})"
                             for language in LANGUAGES) + ")"
