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

# Follow-through (followthrough.py). update (a ProjectUpdate), by
update_posted = Signal()
# milestone, created (bool), by
milestone_changed = Signal()
# results (a ProjectResults, first recorded or edited), by
results_recorded = Signal()
