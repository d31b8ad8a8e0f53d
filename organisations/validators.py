from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _


def validate_logo_size(file) -> None:
    limit = settings.HELIX_LOGO_MAX_BYTES
    if file.size > limit:
        raise ValidationError(
            _("The logo is too large (%(size)s); at most %(limit)s, please.")
            % {"size": filesizeformat(file.size), "limit": filesizeformat(limit)},
            code="file_too_large",
        )
