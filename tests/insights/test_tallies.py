import random

import pytest

from accounts.models import User
from helix.seeding import Scale, seed
from insights import tallies
from insights.models import Metric, ProjectInsight, Tally
from organisations.models import Membership, Role
from projects import services
from projects.models import ConsortiumPartner, Project, Solution
from tests.factories import StaffFactory, UserFactory

from .conftest import four_sector_project


def _stored() -> dict:
    return {
        (t.metric, t.month, t.theme, t.district, t.sectors, t.extra): t.count
        for t in Tally.objects.exclude(count=0)
    }


def test_a_four_sector_project_is_tallied_as_it_happens(helix, cast):
    project, _solution = four_sector_project(helix, cast)

    insight = ProjectInsight.objects.get(project=project)
    assert insight.sectors == tallies.ALL_FOUR
    assert insight.roles["enterprise"]["lead"] == 1
    assert insight.roles["community"]["partner"] == 1
    stored = _stored()
    solutions = {k: n for k, n in stored.items() if k[0] == Metric.SOLUTION}
    # The consortium (enterprise lead, academic and community partners) joins three sectors.
    assert list(solutions.values()) == [1]
    assert next(iter(solutions))[4] == tallies.ALL_FOUR - 1
    pairs = sorted(tallies.pair_of(k[5]) for k in stored if k[0] == Metric.PARTNERSHIP)
    assert pairs == [("enterprise", "academia"), ("enterprise", "community")]
    assert tallies.check(fix=False) == []


def test_a_draft_adds_nothing_and_a_withdrawal_takes_back(helix, cast):
    project, solution = four_sector_project(helix, cast)
    cast(services.solution_withdraw, solution=solution, by=helix["people"]["enterprise"][1])

    assert ProjectInsight.objects.get(project=project).sectors == tallies.BIT["government"]
    assert not any(k[0] == Metric.SOLUTION for k in _stored())
    assert tallies.check(fix=False) == []


def test_check_reports_drift_and_fixes_it(helix, cast):
    four_sector_project(helix, cast)
    Tally.objects.filter(metric=Metric.PROJECT).update(count=5)

    drift = tallies.check(fix=True)

    assert drift
    assert "insights.Tally project" in drift[0]
    assert tallies.check(fix=False) == []


def _random_writes(cast, *, rng, people, projects, citizens, staff, steps=40) -> None:
    """Random publications, proposals, answers, decisions, supports and withdrawals through the
    services, their refreshes run as on commit. people: {sector: (organisation, manager)}."""
    sectors = list(people)
    for _step in range(steps):
        action = rng.choice(["propose", "answer", "vote", "unvote", "decide", "move", "withdraw"])
        project = Project.objects.get(pk=rng.choice(projects).pk)
        sector = rng.choice(sectors)
        organisation, manager = people[sector]
        try:
            if action == "propose" and project.status == "open":
                partner = people[rng.choice([s for s in sectors if s != sector])][0]
                cast(
                    services.solution_propose,
                    project=project,
                    by=manager,
                    lead_organisation=organisation if rng.random() < 0.7 else None,
                    partners=[(partner, "partner")],
                    title="x",
                    summary="s",
                    description="d",
                )
            elif action == "answer":
                partner = ConsortiumPartner.objects.filter(status="invited").order_by("?").first()
                if partner:
                    who = people[partner.organisation.sector][1]
                    accept = rng.random() < 0.7
                    cast(services.consortium_answer, partner=partner, accept=accept, by=who)
            elif action in ("vote", "unvote"):
                subject = project
                solution = project.solutions.order_by("?").first()
                if solution and rng.random() < 0.5:
                    subject = solution
                voter = rng.choice([*citizens, manager])
                function = services.vote_cast if action == "vote" else services.vote_withdraw
                cast(function, subject=subject, by=voter)
            elif action == "decide":
                solution = project.solutions.filter(status__in=["submitted", "shortlisted"]).first()
                if solution:
                    to = rng.choice(["shortlisted", "selected", "not_selected"])
                    cast(services.solution_decide, solution=solution, to=to, by=staff)
            elif action == "move":
                to = rng.choice(services.allowed_project_moves(project) or ["open"])
                cast(services.project_transition, project=project, to=to, by=staff)
            elif action == "withdraw":
                solution = project.solutions.exclude(status="withdrawn").first()
                if solution:
                    cast(services.solution_withdraw, solution=solution, by=solution.lead_user)
        except Exception as error:  # a move the rules refuse is part of random writes
            if error.__class__.__name__ not in ("ValidationError", "PermissionDenied"):
                raise


def test_the_tallies_equal_a_full_recount_after_random_writes(helix, cast):
    """Given random publications, proposals, answers, decisions, supports and withdrawals,
    the kept tallies are what a full recount gives."""
    rng = random.Random(14)
    projects = [
        four_sector_project(helix, cast, title=f"P{i}", theme=theme, district=district)[0]
        for i, (theme, district) in enumerate(
            [("energy", "di-an"), ("health", "thuan-an"), ("energy", "thu-dau-mot")]
        )
    ]
    _random_writes(
        cast,
        rng=rng,
        people=helix["people"],
        projects=projects,
        citizens=[UserFactory() for _ in range(6)],
        staff=helix["staff"],
    )
    assert Solution.objects.count() > 3
    assert tallies.check(fix=False) == []
    before = _stored()
    tallies.rebuild()
    assert _stored() == before


@pytest.mark.slow
def test_the_tallies_equal_a_full_recount_after_the_seeded_province_and_writes(db, cast):
    """The benchmark's seed writes in bulk and rebuilds the tallies at its end (the grouped
    path); each project's refresh (the signals' path) then adds nothing, and random writes on
    top of the seeded province keep the tallies equal to a full recount."""
    seed(scale=Scale.times(0.02), random_seed=14)
    assert Tally.objects.exists()
    assert tallies.check(fix=False) == []
    seeded = _stored()
    for pk in Project.objects.values_list("pk", flat=True):
        tallies.refresh_project(pk)
    assert _stored() == seeded

    people = {}
    for membership in Membership.objects.filter(role=Role.OWNER).select_related(
        "organisation", "user"
    ):
        people.setdefault(
            membership.organisation.sector, (membership.organisation, membership.user)
        )
    assert len(people) >= 3
    projects = list(Project.objects.filter(status="open").order_by("pk")[:4])
    _random_writes(
        cast,
        rng=random.Random(2026),
        people=people,
        projects=projects,
        citizens=list(User.objects.filter(memberships__isnull=True, is_staff=False)[:6]),
        staff=StaffFactory(),
        steps=60,
    )
    assert _stored() != seeded
    assert tallies.check(fix=False) == []


@pytest.mark.django_db
def test_recount_command_covers_the_tallies(helix, cast):
    from django.core.management import call_command

    four_sector_project(helix, cast)
    Tally.objects.update(count=0)
    with pytest.raises(SystemExit):
        call_command("recount", "--check")
    call_command("recount")
    call_command("recount", "--check")
