"""What the notification services announce, so that they need not know the tasks that follow."""

from django.dispatch import Signal

# event_id: sent once the transaction that recorded the outbox event commits (the tasks module
# hands its fan-out to the broker)
event_recorded = Signal()
