"""Offline enrichment of a mention: its language (English, French or other), its tone
(negative, neutral, positive, with a score from -1 to 1), its intent (complaint, question,
praise, other) and the tenant's tracked terms it names. The language profiles and sentiment
lexicons ship inside the packages used (lingua; VADER for English; Pattern's French
lexicon through textblob-fr) and the tone models that weigh their evidence ship beside this
module (see tone.py): nothing is downloaded at run time. Each analysis names its analyser
and version, so history can be re-scored when they change."""

from __future__ import annotations

import functools
import importlib
import importlib.util
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from services.reputation.domain import tone

# lingua 2.1.1 (trigram mode; /4 and before also its full mode for texts without a trigram)
# + VADER 3.3.2 (en) and Pattern's fr lexicon, weighed by tone_weights.json
ANALYSER = "chorus-lexicon/5"


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
    score: float  # P(positive) - P(negative) of the language's tone model
    intent: Intent
    terms: tuple[str, ...]
    analyser: str = ANALYSER


# A model trained without neutral examples (French: only positive and negative reviews
# exist) says neutral when it is less sure than this of either tone. Set beforehand, not
# tuned on the data (any neutral answer is a miss on two-class data).
SURE = 0.6
QUESTION = re.compile(r"\?|^\s*(how|why|when|where|what|who|can|could|is|are|do|does|"
                      r"comment|pourquoi|quand|où|ou|quel|quelle|est-ce)\b", re.IGNORECASE)
COMPLAINT = re.compile(
    r"\b(broken|refund|never arrived|not working|doesn'?t work|worst|scam|cancel|complain\w*|"
    r"ignor\w+|still waiting|no answer|never answers?|"
    r"disappointed|awful|terrible|useless|cassée?s?|rembours\w*|arnaque|nul(le)?|déçue?s?|"
    r"pire|panne|plainte|inadmissible|honteux|scandale|(pas|sans|aucune) de réponse|"
    r"jamais (reçue?s?|arrivée?s?|livrée?s?))\b", re.IGNORECASE)


DEPARTMENTS = ("support", "help", "care")
# A complaint's cue wins over a mildly positive tone ("love it, but I want a refund").
CLEARLY_POSITIVE = 0.5  # on the score


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


# textblob-fr's package imports textblob and so nltk (with NumPy, and scikit-learn and SciPy
# when installed): 42 MB of a worker and 0.2 s, none of it used by Pattern's French lexicon,
# which lives in its own submodule (`textblob_fr.fr`, with no import outside the package).
PATTERN_FR = "textblob_fr"


@functools.lru_cache(maxsize=1)
def _pattern_fr() -> Callable[[str], tuple[float, float]]:
    """Pattern's French sentiment (polarity, subjectivity), its package's __init__ unrun."""
    if PATTERN_FR in sys.modules:  # already imported whole (bench/sentiment.py does)
        return importlib.import_module(PATTERN_FR + ".fr").sentiment  # type: ignore[no-any-return]
    spec = importlib.util.find_spec(PATTERN_FR)
    assert spec is not None, "textblob-fr is a dependency"
    sys.modules[PATTERN_FR] = importlib.util.module_from_spec(spec)  # the package, unrun
    try:
        french = importlib.import_module(PATTERN_FR + ".fr")
    finally:
        del sys.modules[PATTERN_FR]  # a later `import textblob_fr` runs it whole
    return french.sentiment  # type: ignore[no-any-return]


@functools.lru_cache(maxsize=1)
def shipped_models() -> dict[str, tone.ToneModel]:
    return tone.load()


@functools.lru_cache(maxsize=1)
def _detector() -> object:
    """lingua over the brand's languages and their neighbours (so that "other" is told
    apart), in its trigram mode: 15 MB. The full mode's models take 170 MB more and would
    only decide texts without a trigram ("ok", "no"), where any answer is a guess."""
    from lingua import Language, LanguageDetectorBuilder

    languages = (Language.ENGLISH, Language.FRENCH, Language.GERMAN, Language.SPANISH,
                 Language.ITALIAN, Language.PORTUGUESE, Language.DUTCH)
    return LanguageDetectorBuilder.from_languages(*languages).with_low_accuracy_mode().build()


def language_of(text: str) -> str:
    """en, fr or other."""
    if not re.search(r"[^\W\d_]{2,}", text):
        return "other"
    found = _detector().detect_language_of(text)  # type: ignore[attr-defined]
    if found is None:
        return "other"
    return {"ENGLISH": "en", "FRENCH": "fr"}.get(found.name, "other")


def lexicon_scores(text: str, language: str) -> dict[str, float]:
    """The lexicon's own reading: Pattern's polarity and subjectivity for French, VADER's
    compound and shares for every other text."""
    if language == "fr":
        polarity, subjectivity = _pattern_fr()(text)
        return {"@polarity": float(polarity), "@subjectivity": float(subjectivity)}
    found = _vader().polarity_scores(text)  # type: ignore[attr-defined]
    return {"@" + k: float(found[k]) for k in ("compound", "pos", "neg", "neu")}


def features(text: str, language: str) -> dict[str, float]:
    """What the tone model weighs: the lexicon's scores, the complaint cue, each word."""
    found = lexicon_scores(text, language)
    if COMPLAINT.search(text):
        found["@complaint"] = 1.0
    for word in tone.words(text):
        found[word] = 1.0
    return found


def tone_of(found: dict[str, float], model: tone.ToneModel) -> tuple[Sentiment, float]:
    """The sentiment and score the model gives a text's features."""
    evidence = (found.get("@polarity") or found.get("@compound") or "@complaint" in found
                or any(model.knows(k) for k in found if not k.startswith("@")))
    if not evidence:
        return Sentiment.NEUTRAL, 0.0
    p = model.probabilities(found)
    score = p.get(Sentiment.POSITIVE, 0.0) - p.get(Sentiment.NEGATIVE, 0.0)
    best = max(p, key=p.__getitem__)
    if Sentiment.NEUTRAL not in p and p[best] < SURE:
        return Sentiment.NEUTRAL, score
    return Sentiment(best), score


def terms_in(text: str, terms: list[str]) -> tuple[str, ...]:
    """The tracked terms (whole words or phrases, any case) the text names."""
    return tuple(t for t in terms
                 if re.search(r"(?<!\w)" + re.escape(t) + r"(?!\w)", text, re.IGNORECASE))


def analyse(text: str, tracked: list[str],
            models: dict[str, tone.ToneModel] | None = None) -> Analysis:
    language = language_of(text)
    found = features(text, language)
    model = (models or shipped_models())["fr" if language == "fr" else "en"]
    sentiment, score = tone_of(found, model)
    if "@complaint" in found and score < CLEARLY_POSITIVE:
        # A complaint is negative even where the model is unsure ("colis jamais arrivé, je
        # veux être remboursé": no word of the lexicon in it).
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
