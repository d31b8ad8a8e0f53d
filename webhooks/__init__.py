"""Webhooks: signed HTTP notifications to partner systems when projects, solutions and comments
change.

This is an app of its own rather than part of `projects` or `api` because it is a consumer of
their domain events, not a producer: it listens to `projects.signals`, keeps an outbox of
deliveries and their attempts, talks to the outside world over HTTP (with its own guard against
server-side request forgery), and has its own pages, admin and beat job. The projects app knows
nothing of it, and removing it from INSTALLED_APPS leaves Helix whole.
"""
