"""Proposed pairings of removed and added criteria from text similarity, section and order.

Precision first: a pairing is proposed only when it is confident, each side is the other's
best candidate, and no rival comes close. Candidates come from an inverted index of rare
words, so only a handful of pairs per criterion are scored (no all-pairs loop).
"""

from __future__ import annotations

import heapq
import itertools
import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from normkit.model.standard import Criterion
from normkit.revisions.changeset import Suggestion
from normkit.revisions.words import WORD_CHARS, criterion_text

SUGGESTION_THRESHOLD = 0.6
"""Lowest confidence at which a pairing is proposed."""
MARGIN = 0.08
"""How far the best candidate must lead the runner-up, on both sides."""
CANDIDATES = 6
"""Candidates kept per criterion after the word-index prefilter."""
ALL_PAIRS = 40_000
"""Up to this many pairs (200 × 200), every pair is scored and the prefilter is skipped."""
QUERY_TOKENS = 40
"""Rarest words and word pairs of a criterion used to look up its candidates."""
WEIGHTS = {"text": 0.7, "title": 0.15, "section": 0.1, "order": 0.05}


@dataclass(frozen=True, slots=True)
class Item:
    """A criterion prepared for scoring."""

    criterion: Criterion
    words: tuple[str, ...]
    title: str
    section: str
    position: float
    """Relative position in its version, 0–1."""


def prepare(
    criteria: Sequence[Criterion], positions: dict[str, float], sections: dict[str, str]
) -> list[Item]:
    return [
        Item(
            criterion=c,
            words=tuple(WORD_CHARS.findall(criterion_text(c).casefold())),
            title=c.title.casefold(),
            section=sections.get(c.section_path[-1], "") if c.section_path else "",
            position=positions.get(c.id, 0.0),
        )
        for c in criteria
    ]


def _tokens(words: tuple[str, ...]) -> set[str]:
    """Words and word pairs: pairs keep texts made of common words apart."""
    return {*words, *(f"{a} {b}" for a, b in itertools.pairwise(words))}


def _candidates(old: list[Item], new: list[Item]) -> set[tuple[int, int]]:
    """Every pair for small inputs; else pairs sharing rare words, the best few per criterion."""
    if len(old) * len(new) <= ALL_PAIRS:
        return {(i, j) for i in range(len(old)) for j in range(len(new))}
    total = len(old) + len(new)
    frequency: dict[str, int] = defaultdict(int)
    vocab_old = [_tokens(item.words) for item in old]
    vocab_new = [_tokens(item.words) for item in new]
    for vocabulary in (*vocab_old, *vocab_new):
        for word in vocabulary:
            frequency[word] += 1
    common = max(8, total // 10)
    weight = {w: math.log(1 + total / f) for w, f in frequency.items() if f <= common}
    postings: dict[str, list[int]] = defaultdict(list)
    for index, vocabulary in enumerate(vocab_old):
        for word in vocabulary:
            if word in weight:
                postings[word].append(index)
    norm_old = [math.sqrt(sum(weight.get(w, 0.0) ** 2 for w in v)) or 1.0 for v in vocab_old]
    best_for_old: dict[int, list[tuple[float, int]]] = defaultdict(list)
    pairs: set[tuple[int, int]] = set()
    for j, vocabulary in enumerate(vocab_new):
        scores: dict[int, float] = defaultdict(float)
        weighted = [(weight[w], w) for w in vocabulary if w in weight]
        norm_new = math.sqrt(sum(w * w for w, _word in weighted)) or 1.0
        for w, word in heapq.nlargest(QUERY_TOKENS, weighted):
            for i in postings[word]:
                scores[i] += w * w
        ranked = heapq.nlargest(
            CANDIDATES * 4, ((s / (norm_old[i] * norm_new), i) for i, s in scores.items())
        )
        for _score, i in ranked[:CANDIDATES]:
            pairs.add((i, j))
        for score, i in ranked:
            best_for_old[i].append((score, j))
    for i, found in best_for_old.items():
        for _score, j in heapq.nlargest(CANDIDATES, found):
            pairs.add((i, j))
    return pairs


def score(old: Item, new: Item) -> tuple[float, float, float]:
    """(confidence, text similarity, title similarity)."""
    text = fuzz.ratio(old.words, new.words) / 100
    title = fuzz.token_sort_ratio(old.title, new.title) / 100
    section = 1.0 if old.section and old.section == new.section else 0.0
    order = 1.0 - min(1.0, abs(old.position - new.position) * 4)
    confidence = (
        WEIGHTS["text"] * text
        + WEIGHTS["title"] * title
        + WEIGHTS["section"] * section
        + WEIGHTS["order"] * order
    )
    return confidence, text, title


def suggest(old: list[Item], new: list[Item]) -> tuple[Suggestion, ...]:
    """Mutually best, unambiguous pairings at or above the threshold, in new-version order."""
    if not old or not new:
        return ()
    scored: dict[tuple[int, int], tuple[float, float, float]] = {
        pair: score(old[pair[0]], new[pair[1]]) for pair in _candidates(old, new)
    }
    by_old: dict[int, list[tuple[float, int]]] = defaultdict(list)
    by_new: dict[int, list[tuple[float, int]]] = defaultdict(list)
    for (i, j), (confidence, _text, _title) in scored.items():
        by_old[i].append((confidence, j))
        by_new[j].append((confidence, i))
    for ranking in (*by_old.values(), *by_new.values()):
        ranking.sort(key=lambda entry: (-entry[0], entry[1]))
    found: list[Suggestion] = []
    for j in sorted(by_new):
        confidence, i = by_new[j][0]
        if confidence < SUGGESTION_THRESHOLD or by_old[i][0][1] != j:
            continue
        if (
            _runner_up(by_new[j]) > confidence - MARGIN
            or _runner_up(by_old[i]) > confidence - MARGIN
        ):
            continue
        _confidence, text, title = scored[(i, j)]
        found.append(
            Suggestion(
                old_id=old[i].criterion.id,
                new_id=new[j].criterion.id,
                confidence=round(confidence, 3),
                text_similarity=round(text, 3),
                title_similarity=round(title, 3),
                same_section=bool(old[i].section) and old[i].section == new[j].section,
            )
        )
    return tuple(found)


def _runner_up(ranking: list[tuple[float, int]]) -> float:
    return ranking[1][0] if len(ranking) > 1 else 0.0
