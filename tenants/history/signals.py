"""Sent by record_change, inside the transaction of the change, whenever an innovation (its
profile, answers, evidence or status) changed. The replication catalog listens to keep its
entry equal to the source in that same transaction."""

from django.dispatch import Signal

# kwargs: innovation_id (int), action (str)
innovation_changed = Signal()
