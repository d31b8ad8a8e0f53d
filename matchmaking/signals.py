"""What changed in matchmaking's own data (sent by services.py inside its transaction).

# organisation_id, by: its capability profile or resources changed
capabilities_changed
# project_id, by: its needs changed
needs_changed
"""

from django.dispatch import Signal

capabilities_changed = Signal()
needs_changed = Signal()
