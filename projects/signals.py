"""What happened to projects, solutions and comments: domain events for decoupled reactions.

The services send these inside their transaction, once the change is saved, so a receiver may
write rows atomically with the change (a webhook delivery, a notification, an outbox entry) and
must queue anything that leaves the database with `transaction.on_commit`. Every signal carries
`by`, the person (or API key's account) who acted, so receivers can leave them out.

Receivers connect in their app's `AppConfig.ready()`; the projects app knows none of them.
"""

from django.dispatch import Signal

# project, previous (the status it left; "" when created), by
project_status_changed = Signal()
# project, by (its fields or tags edited)
project_edited = Signal()
# solution, by
solution_submitted = Signal()
# solution, previous, by (decisions and withdrawals)
solution_status_changed = Signal()
# partner (a ConsortiumPartner, invited), by
partner_invited = Signal()
# partner (accepted or declined), by
partner_answered = Signal()
# comment, by
comment_created = Signal()
# vote (its project or solution has its counters bumped, in the database and on the instance), by
support_cast = Signal()
# subject (the project or solution whose support was withdrawn), sector, by
support_withdrawn = Signal()
