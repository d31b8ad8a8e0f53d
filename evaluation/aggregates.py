"""The arithmetic of an evaluation, pure (no database): weighted scores, spread, disagreement,
normalisation per reviewer, ranking. docs/decisions.md ("Evaluation") says why these choices.

Every score is first put on one 0-100 line, whatever its criterion's scale: on a 1-5 scale, 1 is
0 and 5 is 100; on a 1-10 scale, 1 is 0 and 10 is 100. A reviewer's weighted score of a solution
is the weighted mean of their criteria on that line.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from statistics import fmean, pstdev

# Reviewers disagree when the standard deviation of their weighted scores exceeds a fifth of the
# 0-100 line (e.g. one gives 3/5 everywhere, another 5/5 and a third 1/5), or, for one criterion,
# exceeds a quarter of its scale's range (1 and 3 on a 1-5 scale do not; 1 and 4 do).
DISAGREEMENT_SPREAD = 20.0
CRITERION_DISAGREEMENT = 0.25


@dataclass(frozen=True)
class CriterionSpec:
    id: int
    weight: int
    scale: int


@dataclass(frozen=True)
class ScoreRow:
    reviewer_id: int
    solution_id: int
    criterion_id: int
    value: int


@dataclass
class CriterionResult:
    criterion_id: int
    mean: float
    spread: float
    count: int
    disagreement: bool


@dataclass
class SolutionResult:
    solution_id: int
    reviewers: int = 0
    mean: float | None = None
    spread: float | None = None
    normalised: float | None = None
    disagreement: bool = False
    by_reviewer: dict[int, float] = field(default_factory=dict)
    by_criterion: dict[int, CriterionResult] = field(default_factory=dict)
    rank: int | None = None


def to_line(value: int, scale: int) -> float:
    """A score on the 0-100 line."""
    return 100.0 * (value - 1) / (scale - 1)


def weighted(values: dict[int, int], criteria: dict[int, CriterionSpec]) -> float | None:
    """A reviewer's weighted score of one solution, or None unless every criterion is scored."""
    if not criteria or set(values) != set(criteria):
        return None
    total = sum(c.weight for c in criteria.values())
    return sum(c.weight * to_line(values[c.id], c.scale) for c in criteria.values()) / total


def normalise(by_reviewer: dict[int, dict[int, float]]) -> dict[int, dict[int, float]]:
    """{reviewer: {solution: weighted}} → the same, each reviewer's scores put on the pool's
    footing: z-score within the reviewer's own scores, rescaled to the mean and spread of all
    scores given (clamped to 0-100). A reviewer who scored one solution only keeps it as it is
    (one score says nothing about strictness); one who gave every solution the same score gets
    the pool's mean for each."""
    everything = [v for scores in by_reviewer.values() for v in scores.values()]
    if len(everything) < 2:
        return {r: dict(s) for r, s in by_reviewer.items()}
    pool_mean, pool_spread = fmean(everything), pstdev(everything)
    result: dict[int, dict[int, float]] = {}
    for reviewer, scores in by_reviewer.items():
        if len(scores) < 2:
            result[reviewer] = dict(scores)
            continue
        own_mean, own_spread = fmean(scores.values()), pstdev(scores.values())
        result[reviewer] = {
            solution: min(
                100.0,
                max(
                    0.0,
                    pool_mean
                    + (pool_spread * (value - own_mean) / own_spread if own_spread else 0.0),
                ),
            )
            for solution, value in scores.items()
        }
    return result


def evaluate(
    criteria: list[CriterionSpec], scores: list[ScoreRow], solution_ids: list[int]
) -> dict[int, SolutionResult]:
    """Aggregate the submitted scores of every solution; rank them (1 is best) on the normalised
    mean where every reviewer was normalised, else on the plain mean (the caller chooses which to
    show through `rank_on`)."""
    specs = {c.id: c for c in criteria}
    grid: dict[tuple[int, int], dict[int, int]] = defaultdict(dict)
    for row in scores:
        if row.criterion_id in specs:
            grid[(row.solution_id, row.reviewer_id)][row.criterion_id] = row.value
    by_reviewer: dict[int, dict[int, float]] = defaultdict(dict)
    results = {s: SolutionResult(solution_id=s) for s in solution_ids}
    for (solution, reviewer), values in grid.items():
        if solution not in results:
            continue
        total = weighted(values, specs)
        if total is not None:
            results[solution].by_reviewer[reviewer] = total
            by_reviewer[reviewer][solution] = total
    normalised = normalise(by_reviewer)
    for result in results.values():
        totals = list(result.by_reviewer.values())
        result.reviewers = len(totals)
        if not totals:
            continue
        result.mean = fmean(totals)
        result.spread = pstdev(totals)
        result.disagreement = len(totals) > 1 and result.spread > DISAGREEMENT_SPREAD
        result.normalised = fmean(normalised[r][result.solution_id] for r in result.by_reviewer)
        for spec in criteria:
            values = [grid[(result.solution_id, r)][spec.id] for r in result.by_reviewer]
            spread = pstdev(values)
            result.by_criterion[spec.id] = CriterionResult(
                criterion_id=spec.id,
                mean=fmean(values),
                spread=spread,
                count=len(values),
                disagreement=len(values) > 1 and spread > CRITERION_DISAGREEMENT * (spec.scale - 1),
            )
    return results


def rank(results: dict[int, SolutionResult], *, on_normalised: bool) -> list[SolutionResult]:
    """Scored solutions best first (ties share a rank), then the unscored."""
    key = "normalised" if on_normalised else "mean"
    scored = sorted(
        (r for r in results.values() if r.mean is not None),
        key=lambda r: (-getattr(r, key), r.solution_id),
    )
    previous, position = None, 0
    for index, result in enumerate(scored, start=1):
        value = round(getattr(result, key), 6)
        if value != previous:
            position, previous = index, value
        result.rank = position
    return scored + [r for r in results.values() if r.mean is None]
