"""Tone as a linear model over a lexicon's evidence, one model per language.

A lexicon knows which words carry tone, not how much each weighs in what people write
about what they bought: Pattern's French lexicon reads "bon" or "intéressant" in most
negative reviews, so its polarity alone calls many complaints positive. The model weighs
each lexicon word, negated or not ("pas bon"), with the lexicon's own scores and the
complaint cues. It is trained offline on labelled texts that packages ship
(`bench/tone_training.py`); its weights ship in `tone_weights.json` beside this module.
No I/O here but reading that file once."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

WEIGHTS = Path(__file__).with_name("tone_weights.json")
NEGATED = "not_"
# A negator turns the next few words around ("not good", "ne fonctionne pas bien") until a
# punctuation mark ends the clause.
NEGATION_REACH = 3
NEGATORS = frozenset({
    "not", "no", "never", "nothing", "nobody", "none", "neither", "nor", "cannot", "without",
    "hardly", "dont", "doesnt", "didnt", "isnt", "wasnt", "cant", "wont", "aint",
    "ne", "n", "pas", "jamais", "rien", "aucun", "aucune", "ni", "sans", "guère",
})
# French elisions: "l'avion" is "avion", "n'est" is a negator and "est".
ELIDED = frozenset({"l", "d", "j", "m", "t", "s", "c", "qu", "jusqu", "lorsqu", "puisqu"})
CLAUSE_ENDS = frozenset(".!?;:,")
TOKEN = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*|[.!?;:,]")


def words(text: str) -> list[str]:
    """The text's words, lower-cased, each within reach of a negator prefixed `not_`."""
    found: list[str] = []
    reach = 0
    for piece in TOKEN.findall(text.lower().replace("\u2019", "'")):
        if piece in CLAUSE_ENDS:
            reach = 0
            continue
        head, _, tail = piece.partition("'")
        if tail and (head in ELIDED or head == "n"):
            if head == "n":
                reach = NEGATION_REACH
            piece = tail
        if piece in NEGATORS or piece.endswith("n't"):
            reach = NEGATION_REACH
            continue
        found.append(NEGATED + piece if reach else piece)
        reach = max(0, reach - 1)
    return found


@dataclass(frozen=True)
class ToneModel:
    """Multinomial logistic regression: one weight per class for each feature it knows."""

    classes: tuple[str, ...]
    bias: tuple[float, ...]
    weights: Mapping[str, tuple[float, ...]]

    def knows(self, feature: str) -> bool:
        return feature in self.weights

    def probabilities(self, features: Mapping[str, float]) -> dict[str, float]:
        logits = list(self.bias)
        for name, value in features.items():
            row = self.weights.get(name)
            if row is not None and value:
                for i, w in enumerate(row):
                    logits[i] += w * value
        top = max(logits)
        exp = [math.exp(x - top) for x in logits]
        total = sum(exp)
        return {c: e / total for c, e in zip(self.classes, exp, strict=True)}

    def to_json(self) -> dict[str, object]:
        return {"classes": list(self.classes), "bias": list(self.bias),
                "weights": {k: list(v) for k, v in sorted(self.weights.items())}}

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> ToneModel:
        weights = data["weights"]
        assert isinstance(weights, dict)
        return cls(tuple(data["classes"]), tuple(data["bias"]),  # type: ignore[arg-type]
                   {k: tuple(v) for k, v in weights.items()})


def load(path: Path = WEIGHTS) -> dict[str, ToneModel]:
    """The shipped models by language ("en", "fr")."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return {language: ToneModel.from_json(model) for language, model in data["models"].items()}
