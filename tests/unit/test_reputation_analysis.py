"""reputation's offline enrichment on brand-shaped sentences: language, tone, intent and
tracked terms (no I/O; the lexicons ship in the packages)."""

from __future__ import annotations

import pytest

from services.reputation.domain.analysis import Intent, Sentiment, analyse


@pytest.mark.parametrize(("text", "language", "sentiment", "intent"), [
    ("My order never arrived and your support ignores me. I want a refund.", "en",
     Sentiment.NEGATIVE, Intent.COMPLAINT),
    ("Love the new laptop, best purchase ever!", "en", Sentiment.POSITIVE, Intent.PRAISE),
    ("Love it, but the hinge is broken and I want a refund", "en", Sentiment.NEGATIVE,
     Intent.COMPLAINT),
    ("How do I change the delivery address of my order?", "en", None, Intent.QUESTION),
    ("Le service client est nul, je suis très déçu", "fr", Sentiment.NEGATIVE,
     Intent.COMPLAINT),
    # The lexicon finds no tone here; the complaint's cues make it negative.
    ("Colis jamais arrivé, je veux être remboursé.", "fr", Sentiment.NEGATIVE,
     Intent.COMPLAINT),
    ("J'adore ce produit, il est vraiment excellent !", "fr", Sentiment.POSITIVE,
     Intent.PRAISE),
    ("Pourquoi ma commande n'est-elle pas encore arrivée ?", "fr", None, Intent.QUESTION),
    ("12345 !!!", "other", Sentiment.NEUTRAL, Intent.OTHER),
])
def test_language_tone_and_intent(text: str, language: str, sentiment: Sentiment | None,
                                  intent: Intent) -> None:
    found = analyse(text, [])
    assert (found.language, found.intent) == (language, intent)
    if sentiment is not None:
        assert found.sentiment is sentiment
    assert -1.0 <= found.score <= 1.0


def test_tracked_terms_are_whole_words_in_any_case() -> None:
    found = analyse("The ACME X1 beats the Globex Z, not the X10", ["Acme X1", "Globex Z", "X1"])
    assert found.terms == ("Acme X1", "Globex Z", "X1")
    assert analyse("The X10 is fine", ["X1"]).terms == ()
    assert analyse("the same text", []) == analyse("the same text", []), "deterministic"
