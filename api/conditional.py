"""Conditional GET on detail endpoints: an ETag, and 304 Not Modified on If-None-Match.

The ETag is a hash of the representation itself, not of `modified`: supports, comments and
follows change the counters with F() without touching `modified`, and the representation also
carries what the caller sees (their own support). No Last-Modified is sent for the same
reason: a date would promise "unchanged" while the counters moved.
"""

import hashlib
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.http import parse_etags, quote_etag
from rest_framework import status
from rest_framework.response import Response


def representation_etag(data, media_type: str) -> str:
    payload = json.dumps([media_type, data], sort_keys=True, cls=DjangoJSONEncoder)
    return quote_etag(hashlib.sha256(payload.encode()).hexdigest()[:32])


class ConditionalRetrieveMixin:
    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        etag = representation_etag(response.data, request.accepted_media_type or "")
        sent = {
            tag.removeprefix("W/") for tag in parse_etags(request.headers.get("If-None-Match", ""))
        }
        if etag in sent or "*" in sent:
            return Response(status=status.HTTP_304_NOT_MODIFIED, headers={"ETag": etag})
        response["ETag"] = etag
        return response
