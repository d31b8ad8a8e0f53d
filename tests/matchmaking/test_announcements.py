"""A new matching project: when a refresh first finds a project that matches an organisation
strongly, its members are told (in the app, and by email at once or in the daily digest), and
never twice for the same project, whatever happens to the match afterwards."""

import pytest
from django.db import IntegrityError, transaction

from matchmaking import scoring, services, tasks
from matchmaking.models import Match, MatchAnnouncement
from notifications import services as notification_services
from notifications import tasks as notification_tasks
from notifications.models import Channel, Event, Kind, Notification
from organisations.models import Role
from projects import services as project_services
from tests.factories import MembershipFactory, OrganisationFactory, ProjectFactory

# The "lab" and "flood_project" fixtures (conftest): every expertise tag the project needs,
# academia sought, the same words: a strong match.


@pytest.fixture
def members(lab, lab_owner):
    return [lab_owner, MembershipFactory(organisation=lab, role=Role.MEMBER).user]


def told(project, user=None):
    found = Notification.objects.filter(kind=Kind.NEW_MATCH, event__project=project)
    return found.filter(recipient=user) if user else found


def refresh(committed, refresh=services.matches_refresh_all, **kwargs):
    with committed():
        refresh(**kwargs)


def test_a_strong_new_match_is_told_to_every_member_in_the_digest(
    lab, members, flood_project, committed, mailoutbox
):
    refresh(committed)

    match = Match.objects.get(project=flood_project, organisation=lab)
    assert match.score >= scoring.STRONG
    assert sorted(n.recipient_id for n in told(flood_project)) == sorted(m.pk for m in members)
    notification = told(flood_project).first()
    assert notification.email == Channel.DIGEST  # the default
    assert notification.get_absolute_url() == flood_project.get_absolute_url()
    assert mailoutbox == []
    notification_tasks.notifications_send_digests()
    assert sorted(m.to[0] for m in mailoutbox) == sorted(m.email for m in members)
    assert flood_project.title in mailoutbox[0].body
    assert "matches Hydrology Lab strongly" in mailoutbox[0].body


def test_a_member_who_chose_instant_is_emailed_at_once(
    lab, members, flood_project, committed, mailoutbox
):
    notification_services.preference_set(user=members[1], kind=Kind.NEW_MATCH, channel="instant")

    refresh(committed)

    assert [m.to for m in mailoutbox] == [[members[1].email]]
    assert flood_project.title in mailoutbox[0].subject + mailoutbox[0].body


def test_never_twice_even_when_the_match_drops_and_comes_back(
    lab, members, flood_project, committed
):
    refresh(committed)
    assert told(flood_project).count() == 2
    owner = MembershipFactory(organisation=flood_project.organisation, role="owner").user

    # Refreshed again, by each trigger
    refresh(committed)
    refresh(committed, services.matches_refresh_project, project_id=flood_project.pk)
    refresh(committed, services.matches_refresh_organisation, organisation_id=lab.pk)
    # The match drops (the project is rewritten about bread) and comes back
    text = {k: getattr(flood_project, k) for k in ("title", "summary", "description")}
    bread = {"title": "Bánh mì", "summary": "Bread", "description": "Bread"}
    with committed():
        project_services.project_update(project=flood_project, by=owner, tags=["bakery"], **bread)
    assert not Match.objects.filter(project=flood_project, organisation=lab).exists()
    with committed():
        project_services.project_update(
            project=flood_project, by=owner, tags=["hydrology", "GIS"], **text
        )
    assert Match.objects.filter(project=flood_project, organisation=lab).exists()

    assert told(flood_project).count() == 2
    assert Event.objects.filter(type=Event.Type.NEW_MATCH).count() == 1
    assert MatchAnnouncement.objects.count() == 1


def test_the_database_refuses_a_second_announcement(lab, members, flood_project, committed):
    """Not a check in Python: the constraints, at each of the three levels."""
    refresh(committed)
    notification = told(flood_project).first()
    with pytest.raises(IntegrityError), transaction.atomic():
        MatchAnnouncement.objects.create(project=flood_project, organisation=lab, score=50)
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.create(
            type=Event.Type.NEW_MATCH,
            project=flood_project,
            organisation=lab,
            once_key=f"new_match:{flood_project.pk}:{lab.pk}",
        )
    other_event = Event.objects.create(
        type=Event.Type.NEW_MATCH, project=flood_project, organisation=lab
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Notification.objects.create(
            recipient=notification.recipient,
            event=other_event,
            kind=Kind.NEW_MATCH,
            email=Channel.DIGEST,
            once_key=notification.once_key,
        )


def test_a_person_in_two_matching_organisations_is_told_once(
    lab, lab_owner, flood_project, committed
):
    second = OrganisationFactory(verified=True, sector="academia")
    second.expertise.set(["hydrology", "GIS"])
    MembershipFactory(organisation=second, user=lab_owner, role=Role.MEMBER)

    refresh(committed)

    assert MatchAnnouncement.objects.filter(project=flood_project).count() == 2
    assert told(flood_project, lab_owner).count() == 1


def test_weak_matches_are_not_told(flood_project, committed):
    """Only a few words in common: a match, shown on the pages, but not a strong one."""
    weak = OrganisationFactory(
        verified=True, sector="enterprise", description="Cảm biến cho nhà máy bia."
    )
    MembershipFactory(organisation=weak, role=Role.OWNER)

    refresh(committed)

    match = Match.objects.get(project=flood_project, organisation=weak)
    assert match.score < scoring.STRONG
    assert not told(flood_project).exists()
    assert not MatchAnnouncement.objects.exists()


def test_never_drafts_closed_unverified_involved_or_the_projects_own_team(
    lab, lab_owner, flood_project, committed
):
    draft = ProjectFactory(status="draft", published_at=None, seeks_academia=True)
    closed = ProjectFactory(status="in_review", seeks_academia=True)
    for project in (draft, closed):
        project.tags.set(["hydrology", "GIS"])
    unverified = OrganisationFactory(verified=False, sector="academia")
    unverified.expertise.set(["hydrology", "GIS"])
    MembershipFactory(organisation=unverified, role=Role.OWNER)
    # The project's own manager is also a member of the lab: not told of their own project.
    MembershipFactory(organisation=flood_project.organisation, user=lab_owner, role="manager")

    refresh(committed)

    assert list(MatchAnnouncement.objects.values_list("project", "organisation")) == [
        (flood_project.pk, lab.pk)
    ]
    assert not told(flood_project).exists()


def test_the_nightly_refresh_tells_what_no_change_triggered(lab, members, flood_project, committed):
    """A match the signals never refreshed (e.g. the broker was down) is found, and told, by
    the nightly refresh (beat's `refresh_all`)."""
    assert not Match.objects.exists()

    with committed():
        tasks.refresh_all.delay()

    assert told(flood_project).count() == 2


def test_the_fan_out_is_per_event_and_the_refresh_costs_the_same(
    lab, flood_project, django_assert_max_num_queries
):
    """Announcing many strong pairs costs the refresh a constant number of queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def cost() -> int:
        MatchAnnouncement.objects.all().delete()
        Event.objects.all().delete()
        with CaptureQueriesContext(connection) as queries:
            services.matches_refresh_all()
        return len(queries)

    few = cost()
    for _n in range(12):
        org = OrganisationFactory(verified=True, sector="academia")
        org.expertise.set(["hydrology", "GIS"])
    many = cost()
    assert MatchAnnouncement.objects.count() == 13
    assert Event.objects.filter(type=Event.Type.NEW_MATCH).count() == 13
    assert many == few


def test_the_notification_reads_in_vietnamese(lab, members, flood_project, committed):
    from django.utils import translation

    from notifications.texts import describe

    refresh(committed)
    notification = Notification.objects.for_listing().filter(kind=Kind.NEW_MATCH).first()
    with translation.override("vi"):
        text = describe(notification)
    assert text == (
        "Một dự án mới rất phù hợp với Hydrology Lab: “Cảnh báo ngập lụt sớm”. "
        "Xem dự án cần gì và vì sao bạn có thể giúp."
    )
