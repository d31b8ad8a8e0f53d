"""What changed in matchmaking's own data (sent by services.py inside its transaction).

# organisation_id, by: its capability profile or resources changed
capabilities_changed
# project_id, by: its needs changed
needs_changed
# pairs: [(project_id, organisation_id, score)] first found to match strongly (sent by a
# refresh inside its transaction, once per pair ever: `MatchAnnouncement`)
strong_matches_found
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
strong_matches_found = Signal()
approach_sent = Signal()
approach_answered = Signal()
offer_pledged = Signal()
