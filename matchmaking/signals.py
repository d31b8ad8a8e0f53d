"""What changed in matchmaking's own data (sent by services.py inside its transaction).

# organisation_id, by: its capability profile or resources changed
capabilities_changed
# project_id, by: its needs changed
needs_changed
# pairs: [(project_id, organisation_id, score)] first found to match strongly (sent by a
# refresh inside its transaction, once per pair ever: `MatchAnnouncement`)
strong_matches_found
"""

from django.dispatch import Signal

capabilities_changed = Signal()
needs_changed = Signal()
strong_matches_found = Signal()
