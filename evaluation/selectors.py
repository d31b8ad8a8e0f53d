"""Reads of an evaluation, each in a constant number of queries whatever the number of
solutions, reviewers and scores."""

import hashlib
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from projects.models import ConsortiumPartner, Project, Solution

from . import aggregates
from .models import Assignment, Criterion, Declaration, Rationale, Reviewer, Rubric, Score


def rubric_of(project: Project) -> Rubric | None:
    return Rubric.objects.filter(project=project).first()


def shuffle_key(reviewer_id: int, solution_id: int) -> str:
    """The order a reviewer sees solutions in: shuffled for each reviewer, but the same every
    time they look (a hash of the two ids), so no solution is first for everyone."""
    return hashlib.sha256(f"helix-review:{reviewer_id}:{solution_id}".encode()).hexdigest()


def assignments_of(user, project: Project) -> list[Assignment]:
    """The signed-in reviewer's assignments on a project, in their own shuffled order."""
    rows = list(
        Assignment.objects.filter(
            reviewer__user=user, reviewer__rubric__project=project
        ).select_related("reviewer__rubric", "solution")
    )
    return sorted(rows, key=lambda a: shuffle_key(a.reviewer_id, a.solution_id))


def reviews_of(user) -> QuerySet[Reviewer]:
    """Every project the person reviews for (My Helix), with how many solutions still wait for
    them (`waiting`), soonest closing first."""
    waiting = Q(
        assignments__status__in=[Assignment.Status.TO_DECLARE, Assignment.Status.CLEARED]
    ) & ~Q(assignments__solution__status=Solution.Status.WITHDRAWN)
    return (
        Reviewer.objects.filter(user=user)
        .select_related("rubric__project")
        .annotate(waiting=Count("assignments", filter=waiting))
        .order_by("rubric__closes_on", "pk")
    )


def reviewers_to_remind(*, closes_on) -> list[int]:
    return list(
        Reviewer.objects.filter(
            rubric__closes_on=closes_on,
            assignments__solution__status__in=[
                Solution.Status.SUBMITTED,
                Solution.Status.SHORTLISTED,
                Solution.Status.SELECTED,
                Solution.Status.NOT_SELECTED,
            ],
            reminded_at__isnull=True,
            user__isnull=False,
            assignments__status__in=[
                Assignment.Status.TO_DECLARE,
                Assignment.Status.DECLARED,
                Assignment.Status.CLEARED,
            ],
        )
        .values_list("pk", flat=True)
        .distinct()
    )


def _specs(criteria: list[Criterion]) -> list[aggregates.CriterionSpec]:
    return [aggregates.CriterionSpec(c.pk, c.weight, c.scale) for c in criteria]


def _submitted_scores(rubric: Rubric) -> list[Score]:
    return list(
        Score.objects.filter(
            criterion__rubric=rubric, assignment__status=Assignment.Status.SUBMITTED
        ).select_related("assignment", "criterion")
    )


def _rows(scores: list[Score]) -> list[aggregates.ScoreRow]:
    return [
        aggregates.ScoreRow(
            s.assignment.reviewer_id, s.assignment.solution_id, s.criterion_id, s.value
        )
        for s in scores
    ]


@dataclass
class Board:
    """What the team sees: the rubric, reviewers, assignments, declarations, the ranking."""

    rubric: Rubric
    criteria: list[Criterion]
    reviewers: list[Reviewer]
    solutions: dict[int, Solution]
    pending: list[Declaration]
    ranking: list[aggregates.SolutionResult]
    scores: dict[tuple[int, int], list[Score]]  # (solution, reviewer) → scores
    rationales: dict[int, Rationale]
    started: bool  # someone has scored: the criteria are fixed


def board(rubric: Rubric) -> Board:
    criteria = list(rubric.criteria.all())
    reviewers = list(
        rubric.reviewers.select_related("user").prefetch_related(
            Prefetch(
                "assignments",
                queryset=Assignment.objects.exclude(
                    solution__status=Solution.Status.WITHDRAWN
                ).order_by("solution_id"),
            )
        )
    )
    solutions = {
        s.pk: s
        for s in rubric.project.solutions.exclude(status=Solution.Status.WITHDRAWN)
        .select_related("lead_organisation", "lead_user")
        .order_by("pk")
    }
    pending = list(
        Declaration.objects.filter(
            assignment__reviewer__rubric=rubric, decision=Declaration.Decision.PENDING
        ).select_related("assignment__reviewer__user", "assignment__solution")
    )
    scores = _submitted_scores(rubric)
    results = aggregates.evaluate(_specs(criteria), _rows(scores), list(solutions))
    by_pair: dict[tuple[int, int], list[Score]] = {}
    for score in scores:
        by_pair.setdefault((score.assignment.solution_id, score.assignment.reviewer_id), []).append(
            score
        )
    rationales = {
        r.solution_id: r for r in Rationale.objects.filter(solution__project=rubric.project)
    }
    return Board(
        rubric=rubric,
        criteria=criteria,
        reviewers=reviewers,
        solutions=solutions,
        pending=pending,
        ranking=aggregates.rank(results, on_normalised=rubric.normalise),
        scores=by_pair,
        rationales=rationales,
        started=Score.objects.filter(criterion__rubric=rubric).exists(),
    )


@dataclass
class SolutionResults:
    """A solution's published evaluation: the rationale, the aggregate per criterion, and (for
    its lead and the team) each reviewer's scores and comments."""

    rubric: Rubric
    criteria: list[Criterion]
    result: aggregates.SolutionResult | None
    rationale: Rationale | None
    feedback: list[tuple[Reviewer, list[Score]]]


def solution_results(solution: Solution) -> SolutionResults | None:
    rubric = Rubric.objects.filter(project_id=solution.project_id).first()
    if rubric is None:
        return None
    criteria = list(rubric.criteria.all())
    scores = _submitted_scores(rubric)
    # Normalisation needs every solution's scores; the solution ids come from the scores.
    solution_ids = sorted({s.assignment.solution_id for s in scores} | {solution.pk})
    results = aggregates.evaluate(_specs(criteria), _rows(scores), solution_ids)
    own = [s for s in scores if s.assignment.solution_id == solution.pk]
    reviewers = {
        r.pk: r
        for r in Reviewer.objects.filter(
            pk__in={s.assignment.reviewer_id for s in own}
        ).select_related("user")
    }
    order = {c.pk: n for n, c in enumerate(criteria)}
    feedback = [
        (
            reviewer,
            sorted(
                (s for s in own if s.assignment.reviewer_id == reviewer_id),
                key=lambda s: order.get(s.criterion_id, 0),
            ),
        )
        for reviewer_id, reviewer in sorted(reviewers.items())
    ]
    return SolutionResults(
        rubric=rubric,
        criteria=criteria,
        result=results.get(solution.pk),
        rationale=Rationale.objects.filter(solution=solution).first(),
        feedback=feedback,
    )


def accepted_partners(solution: Solution) -> list[ConsortiumPartner]:
    return list(
        solution.partners.filter(status=ConsortiumPartner.Status.ACCEPTED).select_related(
            "organisation"
        )
    )


def others_on(assignment: Assignment) -> list[Score]:
    """The other reviewers' submitted scores of the same solution (anonymous where shown)."""
    return list(
        Score.objects.filter(
            assignment__solution_id=assignment.solution_id,
            assignment__reviewer__rubric_id=assignment.reviewer.rubric_id,
            assignment__status=Assignment.Status.SUBMITTED,
        )
        .exclude(assignment=assignment)
        .select_related("criterion")
        .order_by("assignment_id", "criterion__position", "criterion_id")
    )
