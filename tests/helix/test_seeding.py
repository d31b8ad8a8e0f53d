"""The benchmark's seed: its shortcuts give what the slow way would."""

import random

from core.choices import District
from helix.seeding import DESCRIPTION, WORDS, Scale, _description_html
from projects.markdown import render_markdown


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
