"""What the webhook services announce, so that they need not know the tasks that follow."""

from django.dispatch import Signal

# ids: pending deliveries just recorded, sent once their transaction commits (tasks.py queues
# them)
deliveries_recorded = Signal()
