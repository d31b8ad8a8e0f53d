"""Notifications: who is told of what, in the app and by email, instantly or in a daily digest.

Its own home because it reacts to every other app (projects, organisations) and belongs to none
of them: the domain apps send signals and know nothing of who is told; this app turns each
signal into an outbox `Event`, fans it out to `Notification` rows, and delivers them through
Celery. Removing it would leave the domain untouched.
"""
