from django.utils import translation


class PreferredLanguageMiddleware:
    """Serve a signed-in person in the language saved on their account.

    Runs after LocaleMiddleware (which handles cookie and Accept-Language for everyone else).
    Switching language while signed in saves it (accounts.views.set_language), so the account's
    language and the switcher always agree, on every device.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.preferred_language:
            translation.activate(user.preferred_language)
            request.LANGUAGE_CODE = user.preferred_language
        return self.get_response(request)
