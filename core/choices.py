"""Vocabulary shared by several apps."""

from functools import cache

from django.db import models
from django.utils.translation import gettext_lazy as _


class District(models.TextChoices):
    """Binh Duong's cities and districts (the province's nine units before the 2025 merger)."""

    THU_DAU_MOT = "thu-dau-mot", _("Thủ Dầu Một City")
    THUAN_AN = "thuan-an", _("Thuận An City")
    DI_AN = "di-an", _("Dĩ An City")
    TAN_UYEN = "tan-uyen", _("Tân Uyên City")
    BEN_CAT = "ben-cat", _("Bến Cát City")
    BAU_BANG = "bau-bang", _("Bàu Bàng District")
    BAC_TAN_UYEN = "bac-tan-uyen", _("Bắc Tân Uyên District")
    DAU_TIENG = "dau-tieng", _("Dầu Tiếng District")
    PHU_GIAO = "phu-giao", _("Phú Giáo District")
    PROVINCE_WIDE = "province", _("Province-wide")


@cache
def _labels(choices: type[models.Choices]) -> dict:
    return dict(choices.choices)


def label_of(choices: type[models.Choices], value) -> str:
    """A value's label in the current language (the value itself if unknown). Django's
    `get_FOO_display` makes every label of the field hashable on each call, a translation per
    label: a district's name cost ten look-ups, on each card of a list."""
    return str(_labels(choices).get(value, value))
