"""A province-scale dataset for the benchmark (`make bench`), made with bulk inserts.

Project 1 is the hot one (10,000 followers); projects 1 to 100 are open with 50 comments each
(the "project page with 50 comments" of the benchmark).

Everything is decided in Python first, with explicit primary keys, from one seeded random
generator: the same seed gives the same rows. The kept counters (supports by sector, comments,
solutions, followers, members) are computed while the rows are planned and written with them,
so `manage.py recount --check` finds no drift. Only an empty database is seeded.

Scale (the defaults, `Scale.times(1)`; `seed_province --scale 10` is ten times each count):
500 organisations, 5,000 people who act (owners, members, citizens),
10,000 projects, 20,000 solutions, 100,000 supports, 50,000 comments, and one open project
followed by 10,000 people — which takes 5,000 more accounts that only follow it; up to four
tags per project from a vocabulary of 75.

Matchmaking (`seed_matchmaking`, with its own random generator so the rows above stay the
same): every organisation gets one to four expertise tags, a capability profile, one to three
open offers and sometimes a resource it seeks; each open project zero to two needs; and the
stored matches, scored by the real formula (`matchmaking.scoring`) on facts planned in memory,
for each open project against the organisations sharing one of its tags (the real refresh
scores every pair; the seed leaves out the pairs with nothing but words in common, which the
seed's small vocabulary would make all of them).
"""

import contextlib
import functools
import itertools
import math
import operator
import random
import time
from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone
from taggit.models import Tag, TaggedItem

from accounts.models import User
from core.choices import District
from core.folding import fold
from insights import tallies as insights_tallies
from matchmaking import scoring
from matchmaking.models import CapabilityProfile, Match, ProjectNeed, Resource, ResourceKind
from notifications.models import Channel, Event, Kind, Notification
from organisations.models import Membership, Organisation, Role, Sector
from projects.markdown import render_markdown
from projects.models import Comment, ConsortiumPartner, Follow, Project, Solution, Theme, Vote
from projects.selectors import forget_public_counts

BATCH = 5000
DISCUSSED = 100  # projects 1..100 are open and carry exactly 50 comments each
COMMENTS_EACH = 50
PASSWORD = "helix-bench-2026"

WORDS = [
    "flood",
    "sensor",
    "river",
    "canal",
    "drainage",
    "traffic",
    "bus",
    "metro",
    "bicycle",
    "parking",
    "solar",
    "grid",
    "battery",
    "waste",
    "recycling",
    "air",
    "quality",
    "noise",
    "school",
    "skills",
    "training",
    "clinic",
    "hospital",
    "water",
    "pipe",
    "leak",
    "street",
    "light",
    "camera",
    "park",
    "tree",
    "heat",
    "shade",
    "market",
    "factory",
    "industrial",
    "zone",
    "logistics",
    "data",
    "portal",
    "permit",
    "app",
    "citizen",
    "ward",
    "district",
    "bridge",
    "road",
    "rain",
    "storm",
    "pump",
    "forecast",
    "map",
    "ngập",
    "lụt",
    "cảm",
    "biến",
    "giao",
    "thông",
    "năng",
    "lượng",
    "rác",
    "thải",
    "trường",
    "học",
    "dữ",
    "liệu",
    "phường",
]
FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
]
GIVEN = [
    "An",
    "Bình",
    "Chi",
    "Dũng",
    "Giang",
    "Hà",
    "Hải",
    "Hạnh",
    "Hòa",
    "Hùng",
    "Khoa",
    "Lan",
    "Linh",
    "Long",
    "Mai",
    "Minh",
    "Nam",
    "Ngọc",
    "Phúc",
    "Quân",
    "Tâm",
    "Thảo",
    "Trang",
    "Tuấn",
    "Vy",
]
DESCRIPTION = (
    "Residents of **{district}** need {a} and {b}.\n\n"
    "- what happens today: {c}\n- what we want: {d}\n\nData will be open for the IOC."
)
STATUS_WEIGHTS = {
    Project.Status.OPEN: 60,
    Project.Status.DRAFT: 10,
    Project.Status.IN_REVIEW: 10,
    Project.Status.IN_PROGRESS: 10,
    Project.Status.COMPLETED: 5,
    Project.Status.ARCHIVED: 5,
}


@dataclass(frozen=True)
class Scale:
    organisations: int = 500
    people: int = 5000
    projects: int = 10_000
    solutions: int = 20_000
    votes: int = 100_000
    comments: int = 50_000
    hot_followers: int = 10_000
    # Above 1, each open project is scored against a 1/factor sample of the organisations that
    # share one of its tags: a project and an organisation keep about as many matches as at
    # scale 1 (the seed's 75 tags would otherwise give each project ten times the candidates).
    factor: float = 1.0

    @classmethod
    def times(cls, factor: float) -> "Scale":
        """The province `factor` times over (10: 100,000 projects; 0.01: a quick check)."""
        counts = {
            f.name: max(1, round(f.default * factor)) for f in fields(cls) if f.name != "factor"
        }
        return cls(**counts, factor=factor)


TAG_NAMES = [
    *WORDS,
    "ngập lụt",
    "giao thông",
    "năng lượng",
    "chuyển đổi số",
    "đô thị thông minh",
    "khởi nghiệp",
    "IoT",
    "open data",
]


def _words(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


PLACES = ("district", "a", "b", "c", "d")


@functools.cache
def _marked_description_html() -> str:
    return render_markdown(DESCRIPTION.format(**{name: f"qq{name}qq" for name in PLACES}))


def _description_html(**values: str) -> str:
    """`render_markdown` of a project's description, from the template rendered once: the
    seed's words and district codes are plain text that Markdown leaves as it is (checked in
    tests/helix/test_seeding.py), and rendering 100,000 descriptions one by one takes minutes."""
    html = _marked_description_html()
    for name in PLACES:
        html = html.replace(f"qq{name}qq", values[name])
    return html


def _bulk(model, rows: Iterable) -> None:
    """Insert the rows; on PostgreSQL with COPY, several times faster than INSERTs at scale 10.

    Plain values go as they are (psycopg adapts them); the fields that prepare their value
    (a JSON document, a creation time) go through `pre_save` and `get_db_prep_save`, as
    `bulk_create` would send them. A primary key left empty on the first row is left to its
    sequence."""
    if connection.vendor != "postgresql":
        model.objects.bulk_create(rows, batch_size=BATCH)
        return
    rows = iter(rows)
    first = next(rows, None)
    if first is None:
        return
    columns = [
        f
        for f in model._meta.concrete_fields
        if not (f.primary_key and getattr(first, f.attname) is None)
    ]
    values = [_value_of(f) for f in columns]
    _copy(
        model,
        columns,
        ([value(row) for value in values] for row in itertools.chain([first], rows)),
    )


def _copy(model, fields, rows: Iterable) -> None:
    """COPY `rows` (sequences of the `fields`' database values) into the model's table, its
    plain indexes built after."""
    names = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    with (
        _indexes_built_after(model),
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)


@contextlib.contextmanager
def _indexes_built_after(model):
    """The table's plain indexes dropped while rows are copied in, then built again from their
    own definitions (`pg_get_indexdef`): building an index over the loaded rows is several times
    faster than updating it row by row (200,000 matches and their eight indexes: 5.4 s; the
    rows alone 0.3 s, then the indexes 1.1 s). The primary key and the unique indexes stay, so
    each row is still checked as it arrives; the seed's transaction undoes all on an error."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT index.relname, pg_get_indexdef(x.indexrelid) FROM pg_index x"
            " JOIN pg_class index ON index.oid = x.indexrelid"
            " WHERE x.indrelid = %s::regclass AND NOT x.indisunique AND NOT x.indisprimary",
            [model._meta.db_table],
        )
        definitions = cursor.fetchall()
        for name, _definition in definitions:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    yield
    if not definitions:
        return
    with connection.cursor() as cursor:
        # An index is not built over rows whose deferred foreign-key checks are pending: run
        # them now (the COMMIT would have), then defer the next rows' again.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        for _name, definition in definitions:
            cursor.execute(definition)


def _bulk_values(model, names: list[str], rows: Iterable[tuple]) -> None:
    """`_bulk` for rows given as tuples of the fields `names`, not as model instances (two
    million matches at scale 10: an instance each cost more than scoring them). Each value goes
    through its field as `_bulk` sends it: as it is when plain, else `get_db_prep_save`."""
    fields = [model._meta.get_field(name) for name in names]
    if connection.vendor != "postgresql":
        attnames = [f.attname for f in fields]
        model.objects.bulk_create(
            (model(**dict(zip(attnames, row, strict=True))) for row in rows), batch_size=BATCH
        )
        return
    plain = [f.get_internal_type() in PLAIN for f in fields]
    prepare = [
        None if is_plain else functools.partial(f.get_db_prep_save, connection=connection)
        for f, is_plain in zip(fields, plain, strict=True)
    ]
    if not all(plain):
        rows = (
            [v if p is None else p(v) for v, p in zip(row, prepare, strict=True)] for row in rows
        )
    _copy(model, fields, rows)


# Field types whose Python value psycopg writes as it is.
PLAIN = {
    "AutoField", "BigAutoField", "BigIntegerField", "BooleanField", "CharField", "DateField",
    "DateTimeField", "FloatField", "ForeignKey", "IntegerField", "OneToOneField",
    "PositiveBigIntegerField", "PositiveIntegerField", "PositiveSmallIntegerField", "SlugField",
    "SmallIntegerField", "TextField",
}  # fmt: skip


def _value_of(field):
    if field.get_internal_type() in PLAIN and not (
        getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
    ):
        return operator.attrgetter(field.attname)
    return lambda row: field.get_db_prep_save(field.pre_save(row, True), connection)


def _reset_sequences(*models) -> None:
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), list(models)):
            cursor.execute(sql)


class Stages(dict):
    """Wall and CPU seconds (this process's) per stage of the seed, in the order they ran:
    `lap(name)` ends a stage. On a shared machine the CPU time is the steadier figure."""

    def __init__(self) -> None:
        super().__init__()
        self._last = (time.perf_counter(), time.process_time())

    def lap(self, name: str) -> None:
        now = (time.perf_counter(), time.process_time())
        wall, cpu = self.get(name, (0.0, 0.0))
        self[name] = (wall + now[0] - self._last[0], cpu + now[1] - self._last[1])
        self._last = now


@transaction.atomic
def seed(
    *, scale: Scale = Scale(), random_seed: int = 2026, stages: Stages | None = None
) -> dict[str, int]:
    """Fill an empty database; returns the number of rows made per model (and times each stage
    in `stages` when given)."""
    if Project.objects.exists() or Organisation.objects.exists():
        raise RuntimeError("The benchmark seeds an empty database only.")
    stages = Stages() if stages is None else stages
    rng = random.Random(random_seed)
    now = timezone.now()
    password = make_password(PASSWORD)
    districts, themes, sectors = District.values, Theme.values, Sector.values

    # People: the first `people` act; the hot project's extra followers only follow.
    n_users = max(scale.people, scale.hot_followers)
    users = [
        User(
            pk=i,
            email=f"person{i}@bench.helix.local",
            display_name=f"{rng.choice(FAMILY)} {rng.choice(GIVEN)} {i}",
            preferred_language=rng.choice(["vi", "en"]),
            password=password,
            date_joined=now - timedelta(days=rng.randrange(720)),
        )
        for i in range(1, n_users + 1)
    ]
    _bulk(User, users)

    # Organisations, each owned by one person; a third of the others join one as members.
    organisations, memberships, sector_of_user, org_of_user = [], [], {}, {}
    for i in range(1, scale.organisations + 1):
        sector = sectors[(i - 1) % len(sectors)]
        organisations.append(
            Organisation(
                pk=i,
                name=f"{sector.title()} {_words(rng, 2).title()} {i}",
                slug=f"organisation-{i}",
                sector=sector,
                description=_words(rng, 30),
                district=rng.choice(districts),
                verified_at=now - timedelta(days=rng.randrange(365)),
                member_count=0,
            )
        )
    owners = {}
    for org in organisations:
        owner = org.pk  # person n owns organisation n
        owners[org.pk] = owner
        memberships.append(Membership(user_id=owner, organisation_id=org.pk, role=Role.OWNER))
        sector_of_user[owner], org_of_user[owner] = org.sector, org.pk
    member_ids = range(scale.organisations + 1, scale.organisations + (scale.people // 3) + 1)
    members_of_org: dict[int, list[int]] = {org.pk: [owners[org.pk]] for org in organisations}
    for user_id in member_ids:
        org = rng.choice(organisations)
        memberships.append(Membership(user_id=user_id, organisation_id=org.pk, role=Role.MEMBER))
        sector_of_user[user_id], org_of_user[user_id] = org.sector, org.pk
        members_of_org[org.pk].append(user_id)
    for org in organisations:
        org.member_count = len(members_of_org[org.pk])
    _bulk(Organisation, organisations)
    _bulk(Membership, memberships)
    stages.lap("people, organisations")

    # Projects.

    statuses = rng.choices(
        list(STATUS_WEIGHTS), weights=list(STATUS_WEIGHTS.values()), k=scale.projects
    )
    projects = []
    for i in range(1, scale.projects + 1):
        org = rng.choice(organisations)
        status = statuses[i - 1] if i > DISCUSSED else Project.Status.OPEN
        district = rng.choice(districts)
        parts = (_words(rng, 3), _words(rng, 3), _words(rng, 6), _words(rng, 6))
        description = DESCRIPTION.format(
            district=district, a=parts[0], b=parts[1], c=parts[2], d=parts[3]
        )
        created = now - timedelta(days=rng.randrange(700), minutes=rng.randrange(1440))
        projects.append(
            Project(
                pk=i,
                organisation_id=org.pk,
                created_by_id=owners[org.pk],
                kind=rng.choice(Project.Kind.values),
                title=f"{_words(rng, 4).capitalize()} {i}",
                slug=f"project-{i}",
                summary=_words(rng, 18).capitalize() + ".",
                description=description,
                description_html=_description_html(
                    district=district, a=parts[0], b=parts[1], c=parts[2], d=parts[3]
                ),
                theme=rng.choice(themes),
                district=district,
                seeks_government=rng.random() < 0.3,
                seeks_enterprise=rng.random() < 0.6,
                seeks_academia=rng.random() < 0.5,
                seeks_community=rng.random() < 0.4,
                budget_vnd=rng.choice([None, rng.randrange(50, 5000) * 1_000_000]),
                deadline=(now + timedelta(days=rng.randrange(10, 200))).date()
                if rng.random() < 0.5
                else None,
                status=status,
                published_at=None if status == Project.Status.DRAFT else created,
            )
        )
    forget_public_counts()  # bulk_create sends no post_save
    published = [p for p in projects if p.status != Project.Status.DRAFT]
    participating = [p for p in published if p.status != Project.Status.ARCHIVED]
    projects_by_pk = {p.pk: p for p in projects}

    # Solutions, on published projects.
    solutions = []
    people = range(1, scale.people + 1)
    for i in range(1, scale.solutions + 1):
        project = rng.choice(published)
        lead = rng.choice(people)
        lead_org = org_of_user.get(lead) if rng.random() < 0.7 else None
        description = _words(rng, 40)
        withdrawn = rng.random() < 0.03
        solutions.append(
            Solution(
                pk=i,
                project_id=project.pk,
                lead_user_id=lead,
                lead_organisation_id=lead_org,
                title=f"{_words(rng, 4).capitalize()} {i}",
                summary=_words(rng, 16).capitalize() + ".",
                description=description,
                description_html=f"<p>{description}</p>",
                estimated_cost_vnd=rng.randrange(10, 2000) * 1_000_000,
                duration_months=rng.randrange(1, 36),
                status=Solution.Status.WITHDRAWN if withdrawn else Solution.Status.SUBMITTED,
            )
        )
        if not withdrawn:
            project.solution_count += 1
    solutions_by_pk = {s.pk: s for s in solutions}
    live_solutions = [s for s in solutions if s.status != Solution.Status.WITHDRAWN]

    # Supports: 70% on projects, 30% on solutions, one per person and subject.
    votes, seen = [], set()
    while len(votes) < scale.votes:
        user_id = rng.choice(people)
        on_project = rng.random() < 0.7
        subject = rng.choice(participating).pk if on_project else rng.choice(live_solutions).pk
        key = (user_id, on_project, subject)
        if key in seen:
            continue
        seen.add(key)
        sector = sector_of_user.get(user_id, Sector.COMMUNITY)
        target = projects_by_pk[subject] if on_project else solutions_by_pk[subject]
        target.support_count += 1
        setattr(target, f"support_{sector}", getattr(target, f"support_{sector}") + 1)
        votes.append(
            Vote(
                user_id=user_id,
                project_id=subject if on_project else None,
                solution_id=None if on_project else subject,
                sector=sector,
            )
        )

    # Comments: the discussed projects get 50 each; then 80% on projects, a quarter replies.
    comments, comment_subject = [], {}
    discussed = min(DISCUSSED, scale.projects) * COMMENTS_EACH
    for i in range(1, scale.comments + 1):
        on_project = i <= discussed or rng.random() < 0.8
        if i <= discussed:
            subject_pk = (i - 1) // COMMENTS_EACH + 1
        elif on_project:
            subject_pk = rng.choice(participating).pk
        else:
            subject_pk = rng.choice(live_solutions).pk
        parent = None
        earlier = comment_subject.get((on_project, subject_pk))
        if earlier and rng.random() < 0.25:
            parent = rng.choice(earlier)
        body = _words(rng, rng.randrange(8, 40)).capitalize() + "."
        comments.append(
            Comment(
                pk=i,
                project_id=subject_pk if on_project else None,
                solution_id=None if on_project else subject_pk,
                parent_id=parent,
                author_id=rng.choice(people),
                body=body,
                body_html=f"<p>{body}</p>",
            )
        )
        comment_subject.setdefault((on_project, subject_pk), []).append(i)
        target = projects_by_pk[subject_pk] if on_project else solutions_by_pk[subject_pk]
        target.comment_count += 1

    # Follows: the hot project by everyone; a few others by their organisation's owners.
    follows = [Follow(user_id=u, project_id=1) for u in range(1, scale.hot_followers + 1)]
    projects_by_pk[1].follower_count = scale.hot_followers
    for project in projects[1:]:
        follows.append(Follow(user_id=project.created_by_id, project_id=project.pk))
        project.follower_count += 1

    stages.lap("plan projects, solutions, supports, comments, follows")
    _bulk(Project, projects)
    _bulk(Solution, solutions)
    _bulk(Vote, votes)
    _bulk(Comment, comments)
    _bulk(Follow, follows)
    stages.lap("write projects, solutions, supports, comments, follows")

    # Tags: up to four per project, from a vocabulary as a province's would be.
    tags = [Tag(pk=i, name=name, slug=f"tag-{i}") for i, name in enumerate(TAG_NAMES, 1)]
    content_type = ContentType.objects.get_for_model(Project)
    tagged, project_tags = [], {}
    for project in projects:
        chosen = rng.sample(tags, rng.randrange(5))
        project_tags[project.pk] = [tag.name for tag in chosen]
        tagged += [
            TaggedItem(tag_id=tag.pk, content_type=content_type, object_id=project.pk)
            for tag in chosen
        ]
    _bulk(Tag, tags)
    _bulk(TaggedItem, tagged)

    # Consortia: a third of the live solutions led by an organisation have one to three partners
    # (most accepted), drawn from their own generator so that the rows above stay the same.
    partner_rng = random.Random(random_seed + 14)
    partners = []
    for solution in live_solutions:
        if solution.lead_organisation_id is None or partner_rng.random() >= 1 / 3:
            continue
        chosen = partner_rng.sample(organisations, partner_rng.randrange(1, 4))
        for org in chosen:
            if org.pk == solution.lead_organisation_id:
                continue
            accepted = partner_rng.random() < 0.8
            answered = now - timedelta(days=partner_rng.randrange(30))
            partners.append(
                ConsortiumPartner(
                    solution_id=solution.pk,
                    organisation_id=org.pk,
                    role=_words(partner_rng, 2),
                    status=ConsortiumPartner.Status.ACCEPTED
                    if accepted
                    else ConsortiumPartner.Status.INVITED,
                    invited_by_id=solution.lead_user_id,
                    answered_at=answered if accepted else None,
                )
            )
    _bulk(ConsortiumPartner, partners)
    stages.lap("tags, consortia")
    made = seed_matchmaking(
        scale=scale,
        stages=stages,
        rng=random.Random(random_seed + 1),
        now=now,
        organisations=organisations,
        projects=projects,
        solutions=solutions,
        partners=partners,
        tags=tags,
        project_tags=project_tags,
    )
    made |= seed_my_helix(
        rng=random.Random(random_seed + 17),
        scale=scale,
        now=now,
        organisations=organisations,
        projects=projects,
        solutions=solutions,
    )
    _reset_sequences(
        User,
        Organisation,
        Membership,
        Project,
        Solution,
        Vote,
        Comment,
        Follow,
        Tag,
        TaggedItem,
        ConsortiumPartner,
        CapabilityProfile,
        Resource,
        ProjectNeed,
        Match,
        Event,
        Notification,
    )
    # The insights' kept tallies, counted from what was just written.
    insights_tallies.rebuild()
    stages.lap("insights' tallies")
    return {
        "users": len(users),
        "organisations": len(organisations),
        "memberships": len(memberships),
        "projects": len(projects),
        "solutions": len(solutions),
        "votes": len(votes),
        "comments": len(comments),
        "follows": len(follows),
        "tagged items": len(tagged),
        "consortium partners": len(partners),
        **made,
    }


MY_HELIX_ORGANISATIONS = 5
MY_HELIX_FOLLOWS = 50
MY_HELIX_NOTIFICATIONS = 30


def seed_my_helix(
    *, rng: random.Random, scale: Scale, now, organisations, projects, solutions
) -> dict[str, int]:
    """People with a full My Helix (the benchmark's scenario): one in a hundred of those who
    act, the last ones (citizens, in no organisation yet), each a member of five organisations,
    following fifty more published projects, with notifications of the solutions proposed to
    them (half read) and a visit a week ago, so that "what changed" has something to show.

    Runs after the rest is written: the kept counters it touches (members, followers) are
    raised with the rows, so `recount --check` finds no drift."""
    n_people = max(1, scale.people // 100)
    people = range(scale.people - n_people + 1, scale.people + 1)
    published = [p for p in projects if p.status != Project.Status.DRAFT and p.pk != 1]
    solutions_of: dict[int, list] = {}
    for solution in solutions:
        if solution.status != Solution.Status.WITHDRAWN:
            solutions_of.setdefault(solution.project_id, []).append(solution)
    memberships, follows, events, notifications = [], [], {}, []
    new_members: dict[int, int] = {}
    new_followers: dict[int, int] = {}
    for user_id in people:
        for org in rng.sample(organisations, min(MY_HELIX_ORGANISATIONS, len(organisations))):
            memberships.append(Membership(user_id=user_id, organisation_id=org.pk))
            new_members[org.pk] = new_members.get(org.pk, 0) + 1
        followed = rng.sample(published, min(MY_HELIX_FOLLOWS, len(published)))
        for project in followed:
            follows.append(Follow(user_id=user_id, project_id=project.pk))
            new_followers[project.pk] = new_followers.get(project.pk, 0) + 1
        proposed = [s for project in followed for s in solutions_of.get(project.pk, [])]
        told = rng.sample(proposed, min(MY_HELIX_NOTIFICATIONS, len(proposed)))
        for i, solution in enumerate(told):
            if solution.pk not in events:
                events[solution.pk] = Event(
                    pk=len(events) + 1,
                    type=Event.Type.SOLUTION_SUBMITTED,
                    actor_id=solution.lead_user_id,
                    project_id=solution.project_id,
                    solution_id=solution.pk,
                    processed_at=now,
                )
            notifications.append(
                Notification(
                    recipient_id=user_id,
                    event_id=events[solution.pk].pk,
                    kind=Kind.NEW_SOLUTION,
                    email=Channel.OFF,
                    read_at=now if i % 2 else None,
                )
            )
    _bulk(Membership, memberships)
    _bulk(Follow, follows)
    _bulk(Event, list(events.values()))
    _bulk(Notification, notifications)
    for model, raised, counter in (
        (Organisation, new_members, "member_count"),
        (Project, new_followers, "follower_count"),
    ):
        rows = model.objects.in_bulk(list(raised))
        for pk, row in rows.items():
            setattr(row, counter, getattr(row, counter) + raised[pk])
        model.objects.bulk_update(rows.values(), [counter], batch_size=BATCH)
    User.objects.filter(pk__in=people).update(
        home_visit_at=now, home_previous_visit_at=now - timedelta(days=7)
    )
    return {
        "My Helix people": len(people),
        "their memberships": len(memberships),
        "their follows": len(follows),
        "notifications": len(notifications),
    }


def seed_matchmaking(
    *,
    scale: Scale,
    stages: Stages,
    rng: random.Random,
    now,
    organisations,
    projects,
    solutions,
    partners,
    tags,
    project_tags,
) -> dict[str, int]:
    """Capability profiles, offers, needs and computed matches (see the module's docstring)."""
    districts, kinds = District.values, ResourceKind.values
    content_type = ContentType.objects.get_for_model(Organisation)
    expertise, org_tags = [], {}
    for org in organisations:
        chosen = rng.sample(tags, rng.randrange(1, 5))
        org_tags[org.pk] = [tag.name for tag in chosen]
        expertise += [
            TaggedItem(tag_id=tag.pk, content_type=content_type, object_id=org.pk) for tag in chosen
        ]
    profiles = [
        CapabilityProfile(
            pk=org.pk,
            organisation_id=org.pk,
            **{f"seeks_{sector}": rng.random() < 0.4 for sector in Sector.values},
        )
        for org in organisations
    ]
    resources, offers_of = [], {org.pk: [] for org in organisations}
    for org in organisations:
        plans = [Resource.Direction.OFFER] * rng.randrange(1, 4)
        plans += [Resource.Direction.SEEK] * (rng.random() < 0.3)
        for direction in plans:
            covered = rng.sample(districts, rng.randrange(1, 3))
            resource = Resource(
                pk=len(resources) + 1,
                organisation_id=org.pk,
                direction=direction,
                kind=rng.choice(kinds),
                title=_words(rng, 3).capitalize(),
                description=_words(rng, 15).capitalize() + ".",
                districts=f",{','.join(covered)},",
                is_open=True,
            )
            resource.search_text = fold(f"{resource.title} {resource.description} ")
            resources.append(resource)
            if direction == Resource.Direction.OFFER:
                offers_of[org.pk].append(resource)
    open_projects = [p for p in projects if p.status == Project.Status.OPEN]
    needs, need_kinds = [], {}
    for project in open_projects:
        chosen = rng.sample(kinds, rng.randrange(3))
        need_kinds[project.pk] = tuple(sorted(chosen))
        for kind in chosen:
            title = _words(rng, 3).capitalize()
            needs.append(
                ProjectNeed(
                    pk=len(needs) + 1,
                    project_id=project.pk,
                    kind=kind,
                    title=title,
                    search_text=fold(title),
                )
            )
    _bulk(TaggedItem, expertise)
    _bulk(CapabilityProfile, profiles)
    _bulk(Resource, resources)
    _bulk(ProjectNeed, needs)
    stages.lap("matchmaking's profiles, offers, needs")
    wanted = {
        p.organisation_id: {s: getattr(p, f"seeks_{s}") for s in Sector.values} for p in profiles
    }
    matches = _seed_matches(
        now=now,
        organisations=organisations,
        projects=projects,
        solutions=solutions,
        partners=partners,
        org_tags=org_tags,
        offers_of=offers_of,
        project_tags=project_tags,
        need_kinds=need_kinds,
        wanted=wanted,
        sample=random.Random(rng.random()) if scale.factor > 1 else None,
        factor=scale.factor,
    )
    stages.lap("matches (score and write)")
    return {
        "capability profiles": len(profiles),
        "resources": len(resources),
        "needs": len(needs),
        "matches": matches,
    }


def _seed_matches(
    *,
    now,
    organisations,
    projects,
    solutions,
    partners,
    org_tags,
    offers_of,
    project_tags,
    need_kinds,
    wanted,
    sample: random.Random | None = None,
    factor: float = 1.0,
) -> int:
    """Score each open project against the organisations that share one of its tags (the
    facts that `matchmaking.selectors` would read, planned here), and store the matches."""
    by_pk = {org.pk: org for org in organisations}
    project_of = {p.pk: p for p in projects}
    past = {org.pk: (set(), set(), set()) for org in organisations}
    # The open projects, and the organisations already leading them or one of their solutions.
    involved = {p.pk: {p.organisation_id} for p in projects if p.status == Project.Status.OPEN}
    # As `selectors.organisation_facts` and `involved_organisations` read them: the solutions
    # an organisation leads (not withdrawn, for its past) and the consortia it accepted to join.
    solution_of = {solution.pk: solution for solution in solutions}
    took_part = [
        (solution.lead_organisation_id, solution, solution.status != Solution.Status.WITHDRAWN)
        for solution in solutions
        if solution.lead_organisation_id is not None
    ] + [
        (partner.organisation_id, solution_of[partner.solution_id], True)
        for partner in partners
        if partner.status == ConsortiumPartner.Status.ACCEPTED
    ]
    for organisation_id, solution, counts_as_past in took_part:
        project = project_of[solution.project_id]
        if project.pk in involved:
            involved[project.pk].add(organisation_id)
        if counts_as_past:
            themes, sectors, owners = past[organisation_id]
            themes.add(project.theme)
            sectors.add(by_pk[project.organisation_id].sector)
            owners.add(project.organisation_id)
    everyone = {}
    for org in organisations:
        offers = offers_of[org.pk]
        everyone[org.pk] = scoring.OrganisationFacts(
            id=org.pk,
            sector=org.sector,
            district=org.district,
            text=" ".join(
                [org.description, " ".join(sorted(org_tags[org.pk]))]
                + [f"{r.title} {r.description}" for r in offers]
            ),
            tags=tuple(sorted(org_tags[org.pk])),
            offers=tuple(
                scoring.OfferFacts(
                    id=r.pk, kind=r.kind, title=r.title, districts=tuple(r.district_codes)
                )
                for r in offers
            ),
            sectors_wanted=tuple(sector for sector in Sector.values if wanted[org.pk][sector]),
            past_themes=frozenset(past[org.pk][0]),
            past_owner_sectors=frozenset(past[org.pk][1]),
            past_owners=frozenset(past[org.pk][2]),
        )
    corpus = scoring.build_corpus(list(everyone.values()))
    scorer = scoring.Scorer(corpus, everyone.values())
    holders: dict[str, list[int]] = {}
    for org in organisations:
        for tag in org_tags[org.pk]:
            holders.setdefault(scoring.tag_key(tag), []).append(org.pk)
    made = 0

    def planned():  # streamed to COPY: two million matches at scale 10 need not sit in memory
        nonlocal made
        for project in projects:
            if project.pk not in involved:
                continue  # not open
            facts = scoring.ProjectFacts(
                id=project.pk,
                organisation_id=project.organisation_id,
                text=f"{project.title} {project.summary} {project.description}",
                tags=tuple(sorted(project_tags[project.pk])),
                sectors_sought=tuple(project.sectors_sought),
                district=project.district,
                theme=project.theme,
                owner_sector=by_pk[project.organisation_id].sector,
                need_kinds=need_kinds.get(project.pk, ()),
            )
            candidates = sorted(
                {pk for tag in facts.tags for pk in holders.get(scoring.tag_key(tag), ())}
                - involved[project.pk]
            )
            if sample is not None and candidates:
                candidates = sorted(sample.sample(candidates, math.ceil(len(candidates) / factor)))
            if not candidates:
                continue
            prepared = scorer.project(facts)
            for org_pk in candidates:
                value, reasons = scorer.score(prepared, org_pk)
                if value:
                    made += 1
                    yield (project.pk, org_pk, value, reasons, now)

    _bulk_values(Match, ["project", "organisation", "score", "reasons", "computed_at"], planned())
    return made
