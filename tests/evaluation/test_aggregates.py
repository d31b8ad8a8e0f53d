"""The arithmetic, on numbers worked by hand."""

import pytest

from evaluation.aggregates import CriterionSpec, ScoreRow, evaluate, normalise, rank, to_line

CRITERIA = [CriterionSpec(1, weight=3, scale=5), CriterionSpec(2, weight=1, scale=10)]


def rows(reviewer, solution, impact, cost):
    return [ScoreRow(reviewer, solution, 1, impact), ScoreRow(reviewer, solution, 2, cost)]


def test_scales_meet_on_one_line():
    assert to_line(1, 5) == 0
    assert to_line(5, 5) == 100
    assert to_line(3, 5) == 50
    assert to_line(10, 10) == 100
    assert to_line(1, 10) == 0


def test_weighted_mean_and_spread_across_reviewers():
    scores = rows(1, 10, 5, 10) + rows(2, 10, 3, 1)
    result = evaluate(CRITERIA, scores, [10])[10]
    # reviewer 1: (3*100 + 1*100)/4 = 100; reviewer 2: (3*50 + 0)/4 = 37.5
    assert result.by_reviewer == {1: 100.0, 2: 37.5}
    assert result.mean == pytest.approx(68.75)
    assert result.spread == pytest.approx(31.25)
    assert result.disagreement  # spread above 20 points
    assert result.by_criterion[1].mean == 4
    assert result.by_criterion[1].spread == 1
    assert not result.by_criterion[1].disagreement  # 1.0 is exactly a quarter of 1-5: not above
    assert result.by_criterion[2].disagreement  # 10 and 1 on 1-10


def test_close_reviewers_do_not_disagree():
    result = evaluate(CRITERIA, rows(1, 10, 4, 7) + rows(2, 10, 4, 8), [10])[10]
    assert not result.disagreement


def test_an_incomplete_score_sheet_does_not_count():
    scores = [ScoreRow(1, 10, 1, 5), *rows(2, 10, 3, 1)]
    assert evaluate(CRITERIA, scores, [10])[10].reviewers == 1


def test_normalisation_puts_a_strict_and_a_lenient_reviewer_on_one_footing():
    strict = {10: 20.0, 11: 40.0}
    lenient = {10: 60.0, 11: 80.0}
    result = normalise({1: strict, 2: lenient})
    # The same preference, the same normalised scores.
    assert result[1] == pytest.approx(result[2])
    assert result[1][11] > result[1][10]


def test_normalisation_leaves_a_single_score_and_flattens_a_constant_reviewer():
    result = normalise({1: {10: 90.0}, 2: {10: 50.0, 11: 50.0}, 3: {10: 0.0, 11: 100.0}})
    assert result[1] == {10: 90.0}
    assert result[2][10] == result[2][11]


def test_ranking_best_first_ties_share_unscored_last():
    scores = rows(1, 10, 5, 10) + rows(1, 11, 5, 10) + rows(1, 12, 1, 1)
    ranked = rank(evaluate(CRITERIA, scores, [10, 11, 12, 13]), on_normalised=False)
    assert [(r.solution_id, r.rank) for r in ranked] == [(10, 1), (11, 1), (12, 3), (13, None)]
