"""`Idempotency-Key` on POST: a partner's retry never creates a second object.

The first POST with a given key (per caller: an API key, or a signed-in person) claims a row
before the view runs; its answer is stored when it is sent, and every later POST with the same
key and the same request gets that answer again, with `Idempotent-Replayed: true`. The same key
with another method, path or body is a 422. A 5xx answer is not kept, so the retry runs again.
Answers are kept `HELIX_IDEMPOTENCY_HOURS` (24 h); after that the key may be used again.

A claim is a lease of `HELIX_IDEMPOTENCY_LEASE_SECONDS` (60 s, longer than a request may run):
a retry within it is a 409 with `Retry-After` (the seconds left); after it, the request that
claimed the key is taken for dead (a worker killed mid-request stores no answer) and the retry
runs again, taking the claim over with a conditional UPDATE, so that of simultaneous retries
exactly one runs. Only the holder of the current lease stores its answer.

Every viewset of /api/v1/ that accepts POST inherits `IdempotentPostMixin` (a test checks it).
"""

import hashlib
import math
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.response import Response

from .models import ApiKey, IdempotentRequest

HEADER = "Idempotency-Key"
MAX_LENGTH = IdempotentRequest._meta.get_field("key").max_length


class IdempotencyConflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "idempotency_conflict"

    def __init__(self, detail=None, *, wait: float):
        super().__init__(detail)
        self.wait = max(1, math.ceil(wait))  # DRF's handler sends it as Retry-After


class IdempotencyMismatch(APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_code = "idempotency_mismatch"


class _Replay(Exception):
    def __init__(self, stored: IdempotentRequest):
        self.stored = stored


def _caller(request) -> str | None:
    if isinstance(request.auth, ApiKey):
        return f"key:{request.auth.pk}"
    if request.user.is_authenticated:
        return f"user:{request.user.pk}"
    return None  # anonymous POSTs are refused anyway


def _fingerprint(request) -> str:
    digest = hashlib.sha256()
    for part in (request.method, request.path, request.content_type or ""):
        digest.update(part.encode() + b"\0")
    digest.update(request._request.body)
    return digest.hexdigest()


def _lease() -> timedelta:
    return timedelta(seconds=settings.HELIX_IDEMPOTENCY_LEASE_SECONDS)


def _claim(caller: str, key: str, fingerprint: str) -> IdempotentRequest:
    """Claim (caller, key) for this request, or raise what its retry must get."""
    now = timezone.now()
    expired = now - timedelta(hours=settings.HELIX_IDEMPOTENCY_HOURS)
    IdempotentRequest.objects.filter(caller=caller, key=key, created__lt=expired).delete()
    try:
        with transaction.atomic():
            return IdempotentRequest.objects.create(
                caller=caller, key=key, fingerprint=fingerprint, locked_until=now + _lease()
            )
    except IntegrityError:
        stored = IdempotentRequest.objects.get(caller=caller, key=key)
    if stored.fingerprint != fingerprint:
        raise IdempotencyMismatch(
            _("This Idempotency-Key was already used for another request. Use a new key.")
        )
    if stored.status_code is not None:
        raise _Replay(stored)
    # Rows claimed before leases existed have none: their lease ran from their creation.
    held_until = stored.locked_until or stored.created + _lease()
    if held_until > now:
        raise IdempotencyConflict(
            _("A request with this Idempotency-Key is still being processed. Retry later."),
            wait=(held_until - now).total_seconds(),
        )
    # The claim's request died: take it over, unless another retry has just done so.
    taken = IdempotentRequest.objects.filter(
        pk=stored.pk, status_code__isnull=True, locked_until=stored.locked_until
    ).update(locked_until=now + _lease())
    if not taken:
        return _claim(caller, key, fingerprint)  # now answered, or held by that retry
    stored.locked_until = now + _lease()
    return stored


def _held(claimed: IdempotentRequest):
    """The claim's row, if this request still holds its lease."""
    return IdempotentRequest.objects.filter(
        pk=claimed.pk, status_code__isnull=True, locked_until=claimed.locked_until
    )


class IdempotentPostMixin:
    """For viewsets: claim the key after authentication and throttling, store the answer."""

    _idempotent_request: IdempotentRequest | None = None

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        key = request.headers.get(HEADER)
        if request.method != "POST" or key is None:
            return
        if not key.strip() or len(key) > MAX_LENGTH or not key.isprintable():
            raise ValidationError(
                {
                    HEADER: [
                        _("Send a key of 1 to %(max)d printable characters.") % {"max": MAX_LENGTH}
                    ]
                }
            )
        caller = _caller(request)
        if caller is not None:
            self._idempotent_request = _claim(caller, key, _fingerprint(request))

    def handle_exception(self, exc):
        if isinstance(exc, _Replay):
            response = Response(exc.stored.response, status=exc.stored.status_code)
            response["Idempotent-Replayed"] = "true"
            return response
        try:
            return super().handle_exception(exc)
        except Exception:  # a server error, re-raised for Django to report: let retries run
            claimed, self._idempotent_request = self._idempotent_request, None
            if claimed is not None:
                _held(claimed).delete()
            raise

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        claimed, self._idempotent_request = self._idempotent_request, None
        if claimed is not None:
            if response.status_code >= 500:
                _held(claimed).delete()  # let the retry run again
            else:
                _held(claimed).update(
                    status_code=response.status_code, response=getattr(response, "data", None)
                )
        return response


def idempotency_purge() -> int:
    """Forget the answers older than HELIX_IDEMPOTENCY_HOURS; returns how many."""
    expired = timezone.now() - timedelta(hours=settings.HELIX_IDEMPOTENCY_HOURS)
    deleted, _rows = IdempotentRequest.objects.filter(created__lt=expired).delete()
    return deleted
