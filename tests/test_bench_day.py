"""The realistic day's load (bench/day.py) and the page-size reader (bench/footprint.py): the mix
keeps the issue's shares, every kind of request it sends is one Helix answers, and the broker's
held tasks leave out the retries waiting for their time."""

import json
import random

import pytest

from api.services import api_key_create
from bench import day
from bench.footprint import Assets
from tests.factories import CommentFactory, ProjectFactory, UserFactory

READS = {
    "home page": ["/"],
    "project list page": ["/projects/?theme=flooding-water&page=1"],
    "organisation list page": ["/organisations/"],
    "My Helix": ["/me/"],
    "project list API (key)": ["/api/v1/projects/?district=thu-dau-mot"],
}


def test_the_mix_is_seventy_pages_twenty_api_reads_ten_writes():
    shares: dict[str, int] = {}
    for _, group, weight in day.MIX:
        shares[group] = shares.get(group, 0) + weight
    assert shares == {"page": 70, "api": 20, "write": 10}


@pytest.mark.django_db
def test_every_kind_of_request_of_the_mix_is_answered(client, organisation, owner):
    # given: one open, discussed project of an organisation that holds a key
    project = ProjectFactory(organisation=organisation)
    CommentFactory(project=project)
    issued = api_key_create(organisation=organisation, name="bench", scope="read", by=owner)
    person = day.sessions_for([UserFactory().pk])[0]
    paths = READS | {
        "project page": [f"/projects/{project.slug}/"],
        "organisation page": [f"/organisations/{organisation.slug}/"],
        "project API (key)": [f"/api/v1/projects/{project.slug}/"],
        "project's comments API (key)": [f"/api/v1/projects/{project.slug}/comments/"],
        "organisation's matches API (key)": [f"/api/v1/organisations/{organisation.slug}/matches/"],
    }
    plan = day.Plan(
        people=[person],
        keys=[(organisation.slug, issued.key)],
        paths=paths,
        open_projects=[project.slug],
        subscribed_projects={project.slug},
        published=[project.slug],
    )
    rng = random.Random(1)
    # when: each kind is sent as the load generator sends it
    for kind, _, _ in day.MIX:
        method, path, body, headers = day._request(plan, rng, person, kind, 1)
        response = client.generic(
            method,
            path,
            json.dumps(body) if body is not None else "",
            content_type="application/json",
            headers=headers,
        )
        # then: Helix answers it (a 4xx would be counted as an error in the report)
        assert response.status_code < 400, (kind, method, path, response.status_code)


class FakeBroker:
    def __init__(self, messages):
        self.messages = messages

    def hvals(self, name):
        assert name == "unacked"
        return [json.dumps([message, "", "celery"]).encode() for message in self.messages]


def test_held_tasks_leave_out_retries_waiting_for_their_time():
    broker = FakeBroker(
        [
            {"headers": {"task": "notifications.tasks.fan_out", "eta": None}},
            {"headers": {"task": "webhooks.tasks.webhook_deliver", "eta": "2026-12-01T00:00"}},
        ]
    )
    assert day.held(broker) == 1


def test_a_page_loads_its_stylesheets_scripts_icons_and_pictures():
    parser = Assets()
    parser.feed(
        '<link rel="stylesheet" href="/static/a.css"><link rel="alternate" href="/feed">'
        '<link rel="icon" href="/static/i.png"><script src="/static/h.js"></script>'
        '<script>inline()</script><img src="/media/p.webp" alt="">'
    )
    assert parser.urls == ["/static/a.css", "/static/i.png", "/static/h.js", "/media/p.webp"]


def test_percentiles_and_errors_per_kind():
    load = day.Load(wall=10.0)
    load.samples = [
        day.Sample("home page", 0.0, seconds / 1000, 200, "/") for seconds in range(1, 101)
    ] + [day.Sample("comment", 0.0, 0.5, 400, "/api/v1/projects/p/comments/")]
    rows = {row["kind"]: row for row in day.summarise(load)}
    assert (rows["home page"]["p50"], rows["home page"]["p99"]) == (pytest.approx(51), 99)
    assert rows["comment"]["errors"] == 1
    assert rows["**the whole mix**"]["requests"] == 101
