"""The ground floor: what every Helix app shares and that knows no domain.

Shared pieces used to live in the domain apps that happened to need them first (the timestamped
base model and the read-only admin in organisations, the email queue in accounts, `site_url` in
organisations' services), so imports ran upward and apps imported each other. Here they sit
below every app: the timestamped base model, the admin mixin for rows written only by services,
`site_url`, email rendering and queueing with the broker breaker, shared vocabulary (`District`)
and `require(user, perm, obj)`.

Rule of this floor: nothing in `core` imports a Helix app (`lint-imports` checks it).
"""
