"""What changed in matchmaking's own data (sent by services.py inside its transaction).

# organisation_id, by: its capability profile or resources changed
capabilities_changed
# project_id, by: its needs changed
needs_changed
# approach, by: an invitation to propose was sent, or an interest expressed
approach_sent
# approach, by: the other side accepted or declined it
approach_answered
# approach, by: the project accepted an interest that pledged an offer (resources committed)
offer_pledged
"""

from django.dispatch import Signal

capabilities_changed = Signal()
needs_changed = Signal()
approach_sent = Signal()
approach_answered = Signal()
offer_pledged = Signal()
