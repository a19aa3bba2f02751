"""`suggest_successors`: every candidate successor of the unmatched old criteria.

1. Evidence for every unmatched old criterion against every new one (TF-IDF text cosine,
   title similarity, asymmetric containment, with and without the new one's guidance).
2. A first global one-to-one assignment (scipy's `linear_sum_assignment`) on text alone;
   its clear winners join the known pairs as anchors.
3. Section and neighbourhood priors from the anchors; a second assignment with them.
4. Where else each old criterion went: its options (containers, look-alikes, what its
   numbered parent became), weighed by the fitted part-of model (`partof.py`): covered
   by, merged.
5. New criteria inside an old one that say what its match dropped: split.
6. Kinds from the shape of the links kept.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from scipy.optimize import linear_sum_assignment

from normkit.revisions.successors.context import neighbour_prior, section_prior
from normkit.revisions.successors.evidence import Evidence, Matrix, gather_evidence
from normkit.revisions.successors.items import Item
from normkit.revisions.successors.links import (
    DEFAULT_CONFIDENCE,
    Dropped,
    Lineage,
    Origin,
    SuccessorKind,
    Suggestion,
    classify,
)
from normkit.revisions.successors.partof import FEATURES, Options, probabilities
from normkit.revisions.successors.relatives import Hierarchies
from normkit.revisions.successors.scores import (
    confidence,
    part_of,
    same_criterion,
    with_context,
)
from normkit.revisions.successors.sentences import (
    Cover,
    SentenceIndex,
    sentence_cover,
    sentence_gain,
)

FLOOR = 0.02
"""Links less sure than this are not candidates at all."""
ANCHOR_SCORE = 0.55
"""First-pass pairs at least this alike, and clear of rivals, anchor the context."""
ANCHOR_LEAD = 0.1
SAME_MIDPOINT = 0.3
"""Same-criterion score at which a one-to-one link is as likely right as wrong."""
INSIDE_MIDPOINT = 0.6
"""Part-of score at which a covered-by, merge or split link is as likely right as wrong."""
SLOPE = 14.0
"""How fast confidence rises past a midpoint: 0.1 of score above it is about 0.8."""
GAIN_NONE = 0.1
GAIN_FULL = 0.25
"""A split piece must say a share of the old criterion's sentences better than the old
one's match does (`sentences.sentence_gain`): none below 0.1, in full from 0.25. On the
benchmark, halves of real splits gain 0.25 to 0.28, and new criteria added beside a kept
one (which the old one's words merely resemble) 0.0 to 0.09."""
PART_CANDIDATES = 4
"""Split candidates examined per criterion, by each kind of evidence."""
OPTIONS_PER_EVIDENCE = 6
"""Part-of options per old criterion from each of containment, containment with guidance
and likeness (besides its one-to-one match and its parent's successor and children)."""


def _lead(scores: Matrix, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """For each chosen (row, col): its score minus the best rival in its row or column."""
    leads = np.zeros(len(rows))
    for k, (i, j) in enumerate(zip(rows, cols, strict=True)):
        row = np.delete(scores[i], j)
        col = np.delete(scores[:, j], i)
        rival = max(row.max(initial=0.0), col.max(initial=0.0))
        leads[k] = scores[i, j] - rival
    return leads


def _best(scores: Matrix, count: int) -> np.ndarray:
    """Positions of the `count` highest scores, highest first, ties in position order: the
    head of a stable sort of them all, found without sorting them all (a row has a score
    for every new criterion, and only a few are wanted)."""
    if len(scores) <= count:
        return np.argsort(-scores, kind="stable")
    lowered = -scores
    cut = np.partition(lowered, count - 1)[count - 1]
    within = np.flatnonzero(lowered <= cut)
    if len(within) < count:  # not a number among them: as the full sort orders it
        return np.argsort(lowered, kind="stable")[:count]
    return within[np.argsort(lowered[within], kind="stable")][:count]


def _assign(scores: Matrix) -> tuple[np.ndarray, np.ndarray]:
    if scores.size == 0:
        return np.array([], dtype=int), np.array([], dtype=int)
    rows, cols = linear_sum_assignment(scores, maximize=True)
    return rows, cols


class _Engine:
    def __init__(
        self,
        old: Sequence[Item],
        new: Sequence[Item],
        known: Mapping[str, str],
    ) -> None:
        self.old, self.new = old, new
        old_index = {item.key: i for i, item in enumerate(old)}
        new_index = {item.key: j for j, item in enumerate(new)}
        self.known = {
            old_index[o]: new_index[n]
            for o, n in known.items()
            if o in old_index and n in new_index
        }
        self.rows = [i for i in range(len(old)) if i not in self.known]
        taken = set(self.known.values())
        self.free_cols = np.array([j for j in range(len(new)) if j not in taken], dtype=int)
        self.row_items = [old[i] for i in self.rows]
        self.evidence: Evidence = gather_evidence(old, new, self.rows)
        titled = np.outer(
            [bool(item.title) for item in self.row_items], [bool(item.title) for item in new]
        )
        self.titled = titled
        self.same = same_criterion(self.evidence, titled)
        self.hierarchies = Hierarchies(old, new)
        self.relatives = self.hierarchies.relatives({})
        self.row_sentences = SentenceIndex(self.row_items, self.evidence.vectoriser)

    def _new_sentences(self, pairs: set[tuple[int, int]]) -> SentenceIndex:
        """The sentences of the new criteria that `pairs` compare, and of no others: most of
        a version's criteria are paired by id and never compared sentence by sentence."""
        return SentenceIndex(self.new, self.evidence.vectoriser, {j for _, j in pairs})

    def _anchors(self) -> dict[int, int]:
        """Known pairs plus the first pass's clear winners, as old → new positions."""
        anchors = dict(self.known)
        scores = self.same[:, self.free_cols]
        rows, cols = _assign(scores)
        leads = _lead(scores, rows, cols)
        for r, c, lead in zip(rows, cols, leads, strict=True):
            if scores[r, c] >= ANCHOR_SCORE and lead >= ANCHOR_LEAD:
                anchors[self.rows[r]] = int(self.free_cols[c])
        return anchors

    def context(self) -> Matrix:
        anchors = self._anchors()
        sections = section_prior(self.row_items, self.old, self.new, anchors)
        neighbours = neighbour_prior(self.rows, len(self.new), anchors)
        result: Matrix = 0.5 * sections + 0.5 * neighbours
        return result

    def links(self) -> list[Suggestion]:
        context = self.context()
        one = self._one_to_one(with_context(self.same, context, self.evidence.text))
        found = [self._link(r, j, sure, Origin.SAME) for r, (j, sure) in one.items()]
        parts = self._part_candidates(one)
        options = self._option_columns(one)
        pairs = parts | {(r, j) for r, columns in options.items() for j in columns}
        # Splits are compared with their old criterion's match too; `parts` holds the matches.
        new_sentences = self._new_sentences(pairs)
        cover = sentence_cover(self.row_sentences, new_sentences, pairs)
        found += self._old_inside(one, self.options(one, options, cover, context), cover)
        found += self._new_inside(one, cover, context, parts, new_sentences)
        return _strongest_per_pair(found)

    def part_of_options(self) -> list[Options]:
        """Each old criterion's options as the part-of model sees them (for fitting it)."""
        context = self.context()
        one = self._one_to_one(with_context(self.same, context, self.evidence.text))
        options = self._option_columns(one)
        pairs = {(r, j) for r, columns in options.items() for j in columns}
        cover = sentence_cover(self.row_sentences, self._new_sentences(pairs), pairs)
        return self.options(one, options, cover, context)

    def _one_to_one(self, scores: Matrix) -> dict[int, tuple[int, float]]:
        """Row → (new position, confidence) from the global assignment over free criteria;
        the lead is over every new criterion, paired ones included: an old criterion as
        like one already paired as like its match is ambiguous."""
        free_scores = scores[:, self.free_cols]
        rows, cols = _assign(free_scores)
        leads = _lead(scores, rows, self.free_cols[cols])
        one: dict[int, tuple[int, float]] = {}
        for r, c, lead in zip(rows, cols, leads, strict=True):
            sure = confidence(free_scores[r, c], lead, midpoint=SAME_MIDPOINT, slope=SLOPE)
            one[int(r)] = (int(self.free_cols[c]), sure)
        return one

    def _option_columns(self, one: Mapping[int, tuple[int, float]]) -> dict[int, list[int]]:
        """Row → the new criteria it may have gone to: its one-to-one match, those that
        contain most of its words (with or without their guidance) or look most like it,
        and what its numbered parent became with that one's children."""
        evidence = self.evidence
        successors = {i: (j, 1.0) for i, j in self.known.items()}
        successors.update({self.rows[r]: (j, sure) for r, (j, sure) in one.items()})
        self.relatives = self.hierarchies.relatives(successors)
        columns: dict[int, list[int]] = {}
        for r in range(len(self.rows)):
            found: dict[int, None] = {}
            if r in one:
                found[one[r][0]] = None
            for scores in (evidence.old_in_new, evidence.old_in_guided, self.same):
                for j in _best(scores[r], OPTIONS_PER_EVIDENCE):
                    found[int(j)] = None
            for j in self.relatives.candidates(self.rows[r]):
                found[j] = None
            columns[r] = list(found)
        return columns

    def options(
        self,
        one: Mapping[int, tuple[int, float]],
        columns: Mapping[int, list[int]],
        cover: Cover,
        context: Matrix,
    ) -> list[Options]:
        evidence, relatives = self.evidence, self.relatives
        result = []
        for r, js in columns.items():
            i = self.rows[r]
            match, sure = one.get(r, (-1, 0.0))
            features = np.array(
                [
                    [
                        float(j == match),
                        sure if j == match else 0.0,
                        evidence.text[r, j],
                        evidence.title[r, j] if self.titled[r, j] else 0.0,
                        evidence.old_in_new[r, j],
                        cover[(r, j)][0],
                        context[r, j],
                        relatives.parent(i, j),
                        evidence.old_in_guided[r, j],
                        evidence.title_inside[r, j],
                    ]
                    for j in js
                ],
                dtype=np.float64,
            ).reshape(len(js), len(FEATURES))
            result.append(Options(row=r, columns=tuple(js), features=features))
        return result

    def _old_inside(
        self, one: Mapping[int, tuple[int, float]], options: list[Options], cover: Cover
    ) -> list[Suggestion]:
        """Old criteria inside a new one other than their one-to-one match (covered by,
        merged), as sure as the part-of model finds that new one likely (`partof.py`)."""
        found = []
        for option in options:
            match = one.get(option.row, (-1, 0.0))[0]
            chances = probabilities(option.features)
            for j, sure in zip(option.columns, chances, strict=True):
                if j != match and sure >= FLOOR:
                    r = option.row
                    found.append(self._link(r, j, sure, Origin.OLD_INSIDE, cover[(r, j)]))
        return found

    def _new_inside(
        self,
        one: Mapping[int, tuple[int, float]],
        cover: Cover,
        context: Matrix,
        pairs: set[tuple[int, int]],
        new_sentences: SentenceIndex,
    ) -> list[Suggestion]:
        """Free new criteria inside an old one (a split), in proportion to what they say of
        it that its own match no longer does: a new criterion that elaborates what the match
        already carries over (an added sub-criterion, a near-duplicate) is no split."""
        partner_of_col = {j: (r, sure) for r, (j, sure) in one.items()}
        free = set(self.free_cols.tolist())
        pieces = [
            (r, j)
            for (r, j) in sorted(pairs)
            if j in free and partner_of_col.get(j, (r, 0.0))[0] != r
        ]
        gains = sentence_gain(
            self.row_sentences,
            new_sentences,
            [(r, j, *one.get(r, (-1, 0.0))) for r, j in pieces],
        )
        found = []
        for r, j in pieces:
            score = part_of(self.evidence.new_in_old[r, j], cover[(r, j)][1])
            score += 0.2 * (context[r, j] - 0.5)
            rival = partner_of_col.get(j, (r, 0.0))[1]
            gained = min(1.0, max(0.0, (gains[(r, j)] - GAIN_NONE) / (GAIN_FULL - GAIN_NONE)))
            sure = (
                (1.0 - rival)
                * gained
                * confidence(score, 0.0, midpoint=INSIDE_MIDPOINT, slope=SLOPE)
            )
            if sure >= FLOOR:
                found.append(self._link(r, j, sure, Origin.NEW_INSIDE, cover[(r, j)]))
        return found

    def _part_candidates(self, one: Mapping[int, tuple[int, float]]) -> set[tuple[int, int]]:
        """Each old criterion's likeliest containers and parts."""
        pairs: set[tuple[int, int]] = set()
        evidence = self.evidence
        for r in range(len(self.rows)):
            for j in np.argsort(-evidence.old_in_new[r])[:PART_CANDIDATES]:
                pairs.add((r, int(j)))
            for j in np.argsort(-self.same[r])[:PART_CANDIDATES]:
                pairs.add((r, int(j)))
            for j in np.argsort(-evidence.new_in_old[r, self.free_cols])[:PART_CANDIDATES]:
                pairs.add((r, int(self.free_cols[j])))
        for r, (j, _sure) in one.items():
            pairs.add((r, j))
        return pairs

    def _link(
        self,
        r: int,
        j: int,
        sure: float,
        origin: Origin,
        said: tuple[float, float] | None = None,
    ) -> Suggestion:
        evidence, old, new = self.evidence, self.row_items[r], self.new[j]
        old_in_new = evidence.old_in_new[r, j]
        new_in_old = evidence.new_in_old[r, j]
        if said is not None:
            old_in_new = part_of(old_in_new, said[0])
            new_in_old = part_of(new_in_old, said[1])
        changes = []
        if old.sections[-1:] != new.sections[-1:]:
            changes.append("moved")
        if old.body.split() != new.body.split():
            changes.append("reworded")
        if old.title != new.title:
            changes.append("retitled")
        return Suggestion(
            old_id=old.key,
            new_id=new.key,
            kind=SuccessorKind.ONE_TO_ONE,
            confidence=round(float(sure), 3),
            origin=origin,
            text_similarity=round(float(evidence.text[r, j]), 3),
            title_similarity=round(float(evidence.title[r, j]), 3),
            old_in_new=round(float(old_in_new), 3),
            new_in_old=round(float(new_in_old), 3),
            same_section=bool(old.sections) and old.sections[-1:] == new.sections[-1:],
            changes=tuple(changes),
        )


def _strongest_per_pair(links: list[Suggestion]) -> list[Suggestion]:
    best: dict[tuple[str, str], Suggestion] = {}
    for link in links:
        key = (link.old_id, link.new_id)
        if key not in best or link.confidence > best[key].confidence:
            best[key] = link
    return list(best.values())


def suggest_successors(
    old: Sequence[Item],
    new: Sequence[Item],
    *,
    known: Mapping[str, str] | None = None,
    min_confidence: float = DEFAULT_CONFIDENCE,
) -> Lineage:
    """Candidate successors of the old criteria that `known` (old id → new id: same ids,
    `replaces`) does not already pair. `old` and `new` are whole versions in document order.
    One-to-one links go only to new criteria `known` leaves free; an old criterion may be
    covered by any new one."""
    engine_known = dict(known or {})
    if not old or not new or len(engine_known) >= len(old):
        return Lineage(links=(), dropped=())
    engine = _Engine(old, new, engine_known)
    if not engine.rows:
        return Lineage(links=(), dropped=())
    candidates = engine.links()
    kept = classify(link for link in candidates if link.confidence >= min_confidence)
    kept_keys = {(link.old_id, link.new_id) for link in kept}
    rest = [link for link in candidates if (link.old_id, link.new_id) not in kept_keys]
    order = {item.key: i for i, item in enumerate(new)}
    links = sorted(
        [*kept, *classify(rest)], key=lambda link: (-link.confidence, order[link.new_id])
    )
    best: dict[str, float] = {}
    for link in candidates:
        best[link.old_id] = max(best.get(link.old_id, 0.0), link.confidence)
    linked = {link.old_id for link in kept}
    dropped = tuple(
        Dropped(old_id=item.key, confidence=round(1.0 - best.get(item.key, 0.0), 3))
        for item in engine.row_items
        if item.key not in linked
    )
    return Lineage(links=tuple(links), dropped=dropped)
