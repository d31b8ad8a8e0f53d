"""The verification example of docs/api.md works on what Helix actually sends."""

import re
import time

import pytest
from django.conf import settings

from webhooks import sending

from .factories import WebhookDeliveryFactory

pytestmark = pytest.mark.django_db


def documented_verify():
    text = (settings.BASE_DIR / "docs/api.md").read_text()
    section = text[text.index("### Verifying the signature") :]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    namespace: dict = {}
    exec(code, namespace)
    return namespace["verify"]


def test_the_documented_verifier_accepts_helix_and_refuses_forgeries():
    verify = documented_verify()
    delivery = WebhookDeliveryFactory()
    body = delivery.body()
    headers = sending.signed_headers(delivery, body, int(time.time()))

    assert verify(delivery.endpoint.secret, headers, body)["id"] == str(delivery.event_id)
    with pytest.raises(ValueError, match="bad signature"):
        verify("not the secret", headers, body)
    stale = sending.signed_headers(delivery, body, int(time.time()) - 301)
    with pytest.raises(ValueError, match="stale"):
        verify(delivery.endpoint.secret, stale, body)
