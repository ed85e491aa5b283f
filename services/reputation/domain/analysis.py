"""Offline enrichment of a mention: its language (English, French or other), its tone
(negative, neutral, positive, with a score from -1 to 1), its intent (complaint, question,
praise, other) and the tenant's tracked terms it names. The language profiles and sentiment
lexicons ship inside the packages used (lingua; VADER for English; Pattern's French
lexicon through textblob-fr): nothing is downloaded at run time. Each analysis names its
analyser and version, so history can be re-scored when they change."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from enum import StrEnum

ANALYSER = "chorus-lexicon/3"  # lingua 2.1.1 + VADER 3.3.2 (en) + Pattern fr lexicon + cues


class Sentiment(StrEnum):
    NEGATIVE = "negative"
    NEUTRAL = "neutral"
    POSITIVE = "positive"


class Intent(StrEnum):
    COMPLAINT = "complaint"
    QUESTION = "question"
    PRAISE = "praise"
    OTHER = "other"


@dataclass(frozen=True)
class Analysis:
    language: str
    sentiment: Sentiment
    score: float  # the lexicon's polarity (the sentiment also weighs complaint cues)
    intent: Intent
    terms: tuple[str, ...]
    analyser: str = ANALYSER


# Thresholds on each analyser's polarity: VADER's compound score (its authors' +-0.05) and
# Pattern's polarity (French adjectives weigh more: a wider neutral band).
THRESHOLDS = {"en": 0.05, "fr": 0.1}
QUESTION = re.compile(r"\?|^\s*(how|why|when|where|what|who|can|could|is|are|do|does|"
                      r"comment|pourquoi|quand|où|ou|quel|quelle|est-ce)\b", re.IGNORECASE)
COMPLAINT = re.compile(
    r"\b(broken|refund|never arrived|not working|doesn'?t work|worst|scam|cancel|complain\w*|"
    r"ignor\w+|still waiting|no answer|never answers?|"
    r"disappointed|awful|terrible|useless|cassée?s?|rembours\w*|arnaque|nul(le)?|déçue?s?|"
    r"pire|panne|plainte|inadmissible|honteux|scandale)\b", re.IGNORECASE)


DEPARTMENTS = ("support", "help", "care")
# A complaint's cue wins over a mildly positive tone ("love it, but I want a refund").
CLEARLY_POSITIVE = 0.5


@functools.lru_cache(maxsize=1)
def _vader() -> object:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    analyser = SentimentIntensityAnalyzer()
    # Words that name a brand's departments here ("your support", "customer care", "help
    # desk") rather than praise: in VADER's general lexicon they would make a complaint
    # about support sound positive.
    for word in DEPARTMENTS:
        analyser.lexicon.pop(word, None)
    return analyser


@functools.lru_cache(maxsize=1)
def _pattern_fr() -> object:
    from textblob_fr import PatternAnalyzer

    return PatternAnalyzer()


@functools.lru_cache(maxsize=1)
def _detectors() -> tuple[object, object]:
    """lingua over the brand's languages and their neighbours (so that "other" is told
    apart): the fast trigram mode, and the full one for what it cannot decide."""
    from lingua import Language, LanguageDetectorBuilder

    languages = (Language.ENGLISH, Language.FRENCH, Language.GERMAN, Language.SPANISH,
                 Language.ITALIAN, Language.PORTUGUESE, Language.DUTCH)
    return (LanguageDetectorBuilder.from_languages(*languages).with_low_accuracy_mode()
            .build(), LanguageDetectorBuilder.from_languages(*languages).build())


def language_of(text: str) -> str:
    """en, fr or other."""
    if not re.search(r"[^\W\d_]{2,}", text):
        return "other"
    fast, full = _detectors()
    found = fast.detect_language_of(text)  # type: ignore[attr-defined]
    if found is None:
        found = full.detect_language_of(text)  # type: ignore[attr-defined]
    if found is None:
        return "other"
    return {"ENGLISH": "en", "FRENCH": "fr"}.get(found.name, "other")


def polarity(text: str, language: str) -> float:
    if language == "fr":
        return float(_pattern_fr().analyze(text)[0])  # type: ignore[attr-defined]
    return float(_vader().polarity_scores(text)["compound"])  # type: ignore[attr-defined]


def terms_in(text: str, terms: list[str]) -> tuple[str, ...]:
    """The tracked terms (whole words or phrases, any case) the text names."""
    return tuple(t for t in terms
                 if re.search(r"(?<!\w)" + re.escape(t) + r"(?!\w)", text, re.IGNORECASE))


def analyse(text: str, tracked: list[str]) -> Analysis:
    language = language_of(text)
    score = max(-1.0, min(1.0, polarity(text, language)))
    threshold = THRESHOLDS.get(language, 0.05)
    sentiment = (Sentiment.POSITIVE if score >= threshold else
                 Sentiment.NEGATIVE if score <= -threshold else Sentiment.NEUTRAL)
    if COMPLAINT.search(text) and score < CLEARLY_POSITIVE:
        # A complaint is negative even where the lexicon finds no tone in it ("colis jamais
        # arrivé, je veux être remboursé"): Pattern's French lexicon, made of adjectives,
        # reads most complaints as neutral. The score stays the lexicon's polarity.
        sentiment = Sentiment.NEGATIVE
        intent = Intent.COMPLAINT
    elif QUESTION.search(text):
        intent = Intent.QUESTION
    elif sentiment is Sentiment.NEGATIVE:
        intent = Intent.COMPLAINT
    elif sentiment is Sentiment.POSITIVE:
        intent = Intent.PRAISE
    else:
        intent = Intent.OTHER
    return Analysis(language, sentiment, round(score, 4), intent, terms_in(text, tracked))
