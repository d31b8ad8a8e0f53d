"""What happened in an evaluation, for the delivery apps (notifications) to hear.

Sent by the services inside their transaction, like the projects' signals.
"""

from django.dispatch import Signal

# reviewer (attached to an account), solutions (newly assigned), by
reviewer_assigned = Signal()
# rubric (every assignment submitted, barred or refused), by
reviews_completed = Signal()
# reviewer (to remind: the rubric closes in two days), by=None
reviewer_reminded = Signal()
