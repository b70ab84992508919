"""Which language a response is in."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers


class LanguageMiddleware:
    """Pages are in Bahasa Indonesia unless the person chose otherwise: the language cookie set by
    the header's selector, else the signed-in user's preference. Browser Accept-Language headers
    are ignored for pages (many Indonesian offices run English-language browsers); API clients
    may ask with Accept-Language."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.available = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = self._choose(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        if request.path.startswith("/api/"):
            patch_vary_headers(response, ("Accept-Language",))
        patch_vary_headers(response, ("Cookie",))
        return response

    def _choose(self, request: HttpRequest) -> str:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if chosen is not None and chosen in self.available:
            return chosen
        if request.path.startswith("/api/"):
            return translation.get_language_from_request(request)
        user = getattr(request, "user", None)
        preferred = (
            getattr(user, "preferred_language", None) if user and user.is_authenticated else None
        )
        if preferred is not None and preferred in self.available:
            return preferred
        return settings.LANGUAGE_CODE
