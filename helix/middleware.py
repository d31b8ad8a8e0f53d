from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import resolve_url
from django_htmx.http import HttpResponseClientRedirect


class HtmxSignInRedirectMiddleware:
    """Send an htmx request that needs a sign-in to the sign-in page as a whole page.

    Without this, a button pressed after the session expired would have the sign-in page
    swapped into it. Coming back goes to the page the person was on, not to the endpoint.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        htmx = getattr(request, "htmx", None)
        if htmx and response.status_code == 302:
            login_url = resolve_url(settings.LOGIN_URL)
            if response["Location"].startswith(login_url):
                back_to = htmx.current_url_abs_path or "/"
                return HttpResponseClientRedirect(redirect_to_login(back_to)["Location"])
        return response
