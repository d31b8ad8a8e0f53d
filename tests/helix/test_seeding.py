"""The benchmark's seed: its shortcuts give what the slow way would."""

import random

import pytest
from django.db import connection

from core.choices import District
from helix.seeding import DESCRIPTION, WORDS, Scale, _description_html, seed
from matchmaking import scoring, selectors
from matchmaking.models import Match
from projects.markdown import render_markdown
from tests.conftest import require


def test_a_description_rendered_from_the_template_equals_render_markdown():
    rng = random.Random(7)
    for district in District.values:
        parts = {name: " ".join(rng.choices(WORDS, k=6)) for name in "abcd"}
        text = DESCRIPTION.format(district=district, **parts)
        assert _description_html(district=district, **parts) == render_markdown(text)


def test_scale_one_is_the_default_province_and_ten_is_ten_times_it():
    assert Scale.times(1) == Scale()
    ten = Scale.times(10)
    assert (ten.projects, ten.votes, ten.organisations) == (100_000, 1_000_000, 5000)
    assert ten.factor == 10
    assert Scale.times(0.0001).organisations == 1


def _index_definitions() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema()")
        return sorted(row[0] for row in cursor.fetchall())


@pytest.mark.django_db
def test_the_seed_builds_again_every_index_it_dropped_to_load_faster():
    require(connection.vendor == "postgresql", "DATABASE_URL does not point at PostgreSQL")
    before = _index_definitions()
    seed(scale=Scale.times(0.01), random_seed=3)
    assert _index_definitions() == before


@pytest.mark.django_db
def test_the_seeds_matches_are_the_reference_formulas():
    """The seed scores through `Scorer` and writes tuples: the stored scores and reasons are
    those of `scoring.score` on the same facts, as the selectors read them back."""
    seed(scale=Scale.times(0.02), random_seed=5)
    organisations = selectors.organisation_facts(selectors.candidate_organisations())
    projects = {p.id: p for p in selectors.project_facts(selectors.open_projects())}
    corpus = scoring.build_corpus(organisations)
    by_id = {o.id: o for o in organisations}
    stored = list(Match.objects.values_list("project_id", "organisation_id", "score", "reasons"))
    assert len(stored) > 50
    for project_id, organisation_id, value, reasons in stored:
        expected = scoring.score(projects[project_id], by_id[organisation_id], corpus)
        assert (value, reasons) == expected
