"""Who may rebuild the open data on demand: government staff (the staff desk's people)."""

import rules

from projects.models import is_government_staff


@rules.predicate
def is_staff_desk(user) -> bool:
    return is_government_staff(user)


rules.add_perm("opendata.build", is_staff_desk)
# The staff desk's list of the built files (read-only: only the builder writes them).
rules.add_perm("opendata.view_datasetfile", is_staff_desk)
