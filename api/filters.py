"""The API's filter backend: a filter the schema restricts to choices refuses an empty value.

The site's filter forms send every field, empty for "all"; the API's schema lists each choice
filter's values, and an empty one is none of them, so a client that sends `?sector=` (a value
it forgot to fill in) hears so instead of silently getting everything. Values that are not
among the choices were already refused by the filter's form (400, api/exceptions.py).
"""

import django_filters
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import ValidationError


class StrictFilterBackend(DjangoFilterBackend):
    def get_filterset(self, request, queryset, view):
        filterset = super().get_filterset(request, queryset, view)
        if filterset is not None:
            errors = {
                name: [_("Choose one of the listed values, or leave the parameter out.")]
                for name, declared in filterset.filters.items()
                if isinstance(declared, django_filters.ChoiceFilter)
                and "" in request.query_params.getlist(name)
            }
            if errors:
                raise ValidationError(errors)
        return filterset
