"""The projects app's raw SQL: the three statements of a support, and nothing else.

Why: the ORM cannot tell whether `bulk_create(ignore_conflicts=True)` inserted a row, and has
no UPDATE or DELETE ... RETURNING. With it a support took a savepoint around the INSERT (to
survive the IntegrityError of a simultaneous identical vote), separate reads of the supporter's
sector and of the counters after an F() update: 11 queries. With these statements it is 5
(the benchmark's votes scenarios: 11 -> 5 queries a request, 78 -> 217 to 237 req/s on the
same machine; README "Performance", docs/decisions.md "A support is five queries"), and
`recount --check` finds no drift after them:
- `insert_vote`: INSERT ... ON CONFLICT DO NOTHING RETURNING, the sector read inside it: a
  duplicate makes no error, so no savepoint.
- `bump_supports`: UPDATE ... SET n = n + %s RETURNING the counters: no read of the row again.
  It locks the row until commit, so callers do it last.
- `delete_vote`: DELETE ... RETURNING the sector, which the counters need.

Column and table names come from the models' metadata, values are parameters. PostgreSQL and
SQLite (3.35+) both run them; tests/projects/test_concurrency.py races them.
"""

from django.db import connection
from django.db.models import QuerySet

from accounts.models import User
from organisations.models import Sector

from .models import Project, Solution, Vote

SUPPORT_COUNTERS = ("support_count", *(f"support_{sector}" for sector in Sector.values))


def insert_vote(vote: Vote, *, sectors: QuerySet) -> bool:
    """INSERT ... ON CONFLICT DO NOTHING: whether the vote is new (its pk and sector are then
    set). The sector is the first of `sectors` (the supporter's organisations' sectors, as
    `services.supporter_sector` reads them), or community, read in the same statement.

    A simultaneous identical vote makes no IntegrityError, so no savepoint is needed. Raw SQL:
    the ORM's `bulk_create(ignore_conflicts=True)` does not say whether the row went in.
    """
    meta, quote = Vote._meta, connection.ops.quote_name
    fields = [f for f in meta.concrete_fields if not f.primary_key and f.name != "sector"]
    values = [field.get_db_prep_save(field.pre_save(vote, True), connection) for field in fields]
    sectors, sectors_params = sectors[:1].query.sql_with_params()
    sector = quote(meta.get_field("sector").column)
    columns = ", ".join([*(quote(field.column) for field in fields), sector])
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(meta.db_table)} ({columns}) "
            f"VALUES ({', '.join(['%s'] * len(fields))}, COALESCE(({sectors}), %s)) "
            f"ON CONFLICT DO NOTHING RETURNING {quote(meta.pk.column)}, {sector}",
            [*values, *sectors_params, Sector.COMMUNITY],
        )
        row = cursor.fetchone()
    if row is None:
        return False
    vote.pk, vote.sector = row
    vote._state.adding, vote._state.db = False, connection.alias
    return True


def delete_vote(subject: Project | Solution, by: User) -> str | None:
    """Delete the person's vote for the subject; return the sector it counted in, if any."""
    meta, quote = Vote._meta, connection.ops.quote_name
    column = meta.get_field("project" if isinstance(subject, Project) else "solution").column
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {quote(meta.db_table)} WHERE {quote(meta.get_field('user').column)} = %s "
            f"AND {quote(column)} = %s RETURNING {quote(meta.get_field('sector').column)}",
            [by.pk, subject.pk],
        )
        row = cursor.fetchone()
    return None if row is None else row[0]


def bump_supports(subject: Project | Solution, sector: str, n: int) -> None:
    """Add n to the subject's supports, in total and in the sector, with F() semantics (in the
    database), and set all its support counters as they now stand on `subject`.

    UPDATE ... RETURNING saves reading the row again. The UPDATE locks the row until commit and
    every support of the same subject waits for that lock: callers do it last.
    """
    by_sector = f"support_{sector}"
    if by_sector not in SUPPORT_COUNTERS:
        raise ValueError(f"Unknown sector {sector!r}")
    meta, quote = subject._meta, connection.ops.quote_name
    changed = [meta.get_field(name).column for name in ("support_count", by_sector)]
    returned = [meta.get_field(name).column for name in SUPPORT_COUNTERS]
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {quote(meta.db_table)} SET "
            + ", ".join(f"{quote(column)} = {quote(column)} + %s" for column in changed)
            + f" WHERE {quote(meta.pk.column)} = %s RETURNING "
            + ", ".join(quote(column) for column in returned),
            [n, n, subject.pk],
        )
        counters = cursor.fetchone()
    for name, value in zip(SUPPORT_COUNTERS, counters, strict=True):
        setattr(subject, name, value)
