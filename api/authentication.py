"""`Authorization: Bearer hx_…`: an organisation's API key, acting as its API account.

Placed first in DEFAULT_AUTHENTICATION_CLASSES so that "not authenticated" is a 401 with
`WWW-Authenticate: Bearer`. The key's scope is enforced here, before any view runs, so that no
view's own `permission_classes` can forget it: a read-only key, and any key of an organisation that
is not verified (staff withdrew its verification), gets 403 on every unsafe method
(`api.permissions.key_write_refusal`). A key whose API account staff disabled or deleted is a 401,
as a revoked one.
"""

from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions
from rest_framework.permissions import SAFE_METHODS

from .permissions import key_write_refusal
from .services import api_key_for, api_key_touch

KEYWORD = "Bearer"


class ApiKeyAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != KEYWORD.lower().encode():
            return None  # no key: the session (or anonymity) decides
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                _("Send the key as “Authorization: Bearer hx_…”, with nothing else.")
            )
        try:
            key = header[1].decode("ascii")
        except UnicodeError:
            raise exceptions.AuthenticationFailed(_("This API key is not valid.")) from None
        api_key = api_key_for(key)
        if api_key is None:
            raise exceptions.AuthenticationFailed(
                _("This API key is not valid, or it has been revoked.")
            )
        if request.method not in SAFE_METHODS:
            refusal = key_write_refusal(api_key)
            if refusal is not None:
                raise exceptions.PermissionDenied(refusal)
        api_key_touch(api_key)
        return api_key.organisation.api_account, api_key

    def authenticate_header(self, request) -> str:
        return f'{KEYWORD} realm="api"'


class ApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.ApiKeyAuthentication"
    name = "apiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "hx_…",
            "description": "An organisation's API key, made by its owners on the organisation's "
            "page (or by staff in the admin). It acts for that organisation alone; read-only "
            "keys, and every key of an organisation that is no longer verified, get 403 on "
            "every write.",
        }
