"""reputation's offline enrichment on brand-shaped sentences: language, tone, intent and
tracked terms (no I/O; the lexicons ship in the packages)."""

from __future__ import annotations

import math

import pytest
import textblob_fr.fr

from services.reputation.domain import analysis, tone
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


def test_words_mark_what_a_negator_reaches_until_the_clause_ends() -> None:
    assert tone.words("Ce n'est pas bon, mais l'accueil est super") == [
        "ce", "not_est", "not_bon", "mais", "accueil", "est", "super"]
    assert tone.words("I don\u2019t like it. Great staff though") == [
        "i", "not_like", "not_it", "great", "staff", "though"]
    assert tone.words("never ever again") == ["not_ever", "not_again"]


def test_a_model_without_a_neutral_class_says_neutral_when_unsure() -> None:
    model = tone.ToneModel(("negative", "positive"), (0.0, 0.0),
                           {"bon": (0.0, 0.2), "horrible": (0.0, -3.0)})
    def tone_of(text: str) -> tuple[Sentiment, float]:
        return analysis.tone_of(analysis.features(text, "fr"), model)
    assert tone_of("bon")[0] is Sentiment.NEUTRAL  # p = 0.55
    sentiment, score = tone_of("horrible")
    assert sentiment is Sentiment.NEGATIVE and score == pytest.approx(1 - 2 / (1 + math.e**-3))
    # No word the model knows, no lexicon score, no cue: neutral whatever the bias says.
    assert tone_of("xyzzy") == (Sentiment.NEUTRAL, 0.0)


def test_the_shipped_models_weigh_lexicon_words_without_turning_them_around() -> None:
    models = analysis.shipped_models()
    assert models["en"].classes == ("negative", "neutral", "positive")
    assert models["fr"].classes == ("negative", "positive")
    priors = {"en": dict(analysis._vader().lexicon),  # type: ignore[attr-defined]
              "fr": {w: s[None][0] for w, s in textblob_fr.fr.sentiment.items() if None in s}}
    for language, model in models.items():
        words = [w for w in model.weights if not w.startswith(("@", tone.NEGATED))]
        assert len(words) > 100, language
        for word in words:
            row = dict(zip(model.classes, model.weights[word], strict=True))
            assert (row["positive"] - row["negative"]) * priors[language][word] >= 0, word


WORKER = """
import sys
from services.reputation.analysis_worker import analyse_all
found = analyse_all(["C'est vraiment nul", "ok", "no", "je", "Love it!"], [])
print(found[0].score, found[0].language, found[1].language)
print(sorted({m.split(".")[0] for m in sys.modules} & UNUSED))
print(next(int(line.split()[1]) // 1024 for line in open("/proc/self/status")
           if line.startswith("VmHWM")))  # peak resident, since this process's exec
from textblob_fr import PatternAnalyzer  # the whole package still imports afterwards
print(PatternAnalyzer().analyze("C'est vraiment nul")[0])
"""


def test_an_analysis_worker_loads_only_what_it_uses() -> None:
    """A worker analyses in English and French without nltk, NumPy, scikit-learn or SciPy
    (textblob-fr's package imports them: 42 to 130 MB), lingua's full models (170 MB, for
    texts without a trigram) or the service's clients (NATS, asyncpg, gRPC: 20 MB)."""
    import subprocess
    import sys

    unused = {"nltk", "numpy", "sklearn", "scipy", "textblob", "nats", "asyncpg", "grpc"}
    out = subprocess.run([sys.executable, "-c", f"UNUSED = {unused!r}" + WORKER],
                         capture_output=True, text=True, check=True).stdout.split("\n")
    score, language, short = out[0].split()
    assert (float(score) < 0, language, short) == (True, "fr", "other")
    assert out[1] == "[]"
    assert int(out[2]) < 64  # MB at its peak; 240 with lingua's full models loaded
    assert float(out[3]) < 0
