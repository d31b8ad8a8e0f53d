"""What happened to organisations and their membership: domain events for decoupled reactions.

Sent by `services.py` inside its transaction, once the change is saved (see projects/signals.py
for the contract). Every signal carries `by`, the person who acted.
"""

from django.dispatch import Signal

# organisation, by (its profile or expertise edited)
organisation_edited = Signal()
# organisation, by (staff who verified it)
organisation_verified = Signal()
# organisation, by (staff who withdrew its verification)
organisation_unverified = Signal()
# invitation, by (the inviter)
invitation_created = Signal()
# invitation, membership, by (the person who accepted)
invitation_accepted = Signal()
# membership_request, by (the person asking)
membership_requested = Signal()
# membership_request, membership, by (the owner or manager who approved)
membership_request_approved = Signal()
