"""The reputation report as a picture (matplotlib, drawn off-screen)."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

TONES = (("negative", "#d62728"), ("neutral", "#9e9e9e"), ("positive", "#2ca02c"))


def draw_report(out: Path, title: str, timeline: Any, voice: Any) -> None:
    import matplotlib

    matplotlib.use("Agg")  # no display: a file
    from matplotlib import pyplot as plt

    fig = plt.figure(figsize=(12, 8), layout="constrained")
    grid = fig.add_gridspec(2, 2, height_ratios=(3, 2))
    volume, split, share = (fig.add_subplot(grid[0, :]), fig.add_subplot(grid[1, 0]),
                            fig.add_subplot(grid[1, 1]))
    fig.suptitle(f"Reputation: {title}")
    starts = [b.start.ToDatetime() for b in timeline.buckets]
    bottom = [0] * len(starts)
    for tone, colour in TONES:
        counts = [getattr(b, tone) for b in timeline.buckets]
        volume.bar(starts, counts, bottom=bottom, color=colour, label=tone,
                   width=_bar_width(starts))
        bottom = [a + b for a, b in zip(bottom, counts, strict=True)]
    volume.set_ylabel("mentions")
    volume.legend(loc="upper left")
    totals = [sum(getattr(b, tone) for b in timeline.buckets) for tone, _ in TONES]
    if sum(totals):
        split.pie(totals, labels=[t for t, _ in TONES], colors=[c for _, c in TONES],
                  autopct="%1.0f%%")
    else:
        split.text(0.5, 0.5, "no mentions", ha="center")
    split.set_title("sentiment")
    terms = sorted(voice.shares, key=lambda s: -s.mentions)
    share.barh([s.term for s in terms], [100 * s.share for s in terms], color="#1f77b4")
    share.invert_yaxis()
    share.set_xlabel("% of mentions naming a tracked term")
    share.set_title("share of voice")
    fig.savefig(out, dpi=100)
    plt.close(fig)


def _bar_width(starts: list[Any]) -> float:
    if len(starts) < 2:
        return 0.04
    return float(min((b - a).total_seconds() for a, b in itertools.pairwise(starts))) \
        / 86400 * 0.9
