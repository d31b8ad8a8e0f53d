"""The versioned HTTP surface for partner systems: /api/v1/.

Kept apart from the apps' domain code: this app holds only what every endpoint shares — the
v1 router, the one error shape, cursor pagination, throttling, conditional requests and the
OpenAPI schema. Each app's serializers and viewsets live in its own `api/` package and write
through its `services.py`, so the web and the API obey the same rules.
"""
