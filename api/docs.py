"""The schema's two readers, served by Helix under the Content-Security-Policy.

Swagger UI (/api/docs/) runs under the site's own policy: its start-up script is served from
its own URL (SpectacularSwaggerSplitView) instead of inline, and drf-spectacular's inline
<style> is replaced by a stylesheet (templates/api/swagger_ui.html).

Redoc (/api/redoc/) needs more, on its page only (REDOC_POLICY): its bundle inserts <style>
elements (empty ones that styled-components then fills through the CSSOM, and one with
perfect-scrollbar's rules), allowed by their hashes rather than by 'unsafe-inline', and runs
its search in a worker made from a blob: URL. The logo it loads from its own CDN stays refused
(Redoc then leaves it out). docs/decisions.md, "Content-Security-Policy".
"""

from collections.abc import Callable

from csp.decorators import csp_update
from drf_spectacular.views import SpectacularRedocView, SpectacularSwaggerSplitView

REDOC_POLICY = {
    "style-src": [
        # An empty <style>: styled-components then adds its rules with insertRule (CSSOM).
        "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='",
        # perfect-scrollbar's stylesheet, as the sidecar's redoc.standalone.js inserts it.
        "'sha256-QMIg+bpjm3JdElJ388KYke01izlUW0UoNOeKjpMxdgc='",
    ],
    "worker-src": ["blob:"],
}


class SwaggerView(SpectacularSwaggerSplitView):
    template_name = "api/swagger_ui.html"


class RedocView(SpectacularRedocView):
    template_name = "api/redoc.html"


def with_policy(update: dict[str, list[str]]) -> Callable[[Callable], Callable]:
    """The view's answers carry `update` on top of the site's policy, whether the settings
    enforce it or only report it (the header that is not sent ignores its update)."""

    def decorate(view: Callable) -> Callable:
        return csp_update(update)(csp_update(update, REPORT_ONLY=True)(view))

    return decorate
