from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from taggit.forms import TagField

SUGGESTIONS = 200  # existing tags offered under a tag input, at most
TAGGIT_HELP_TEXT = "A comma-separated list of tags."  # taggit's default, untranslated here


class WebsiteInput(forms.TextInput):
    """A text box, not `type=url`: the browser would refuse "caunoiso.vn" before the server
    could add the scheme. `inputmode` still brings up the phone's URL keyboard."""

    def __init__(self, attrs=None):
        super().__init__(
            {"inputmode": "url", "autocomplete": "url", "spellcheck": "false", **(attrs or {})}
        )


class WebsiteField(forms.URLField):
    """Every web address Helix asks for: a bare domain ("caunoiso.vn") is accepted and stored
    as "https://caunoiso.vn"; what still is no address gets a message saying what to type."""

    widget = WebsiteInput
    default_error_messages = {
        "invalid": _("Enter a web address such as caunoiso.vn or https://caunoiso.vn/lien-he."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("assume_scheme", "https")
        super().__init__(**kwargs)


class PlainTagWidget(forms.TextInput):
    """Tags as people write them: "civil engineering, data science, GIS" (no taggit quoting),
    with the tags already in use on `model` offered in a <datalist> (static/js/tags.js keeps
    the suggestions working after a comma; without script they help with the first tag)."""

    template_name = "includes/tag_input.html"

    def __init__(self, attrs=None, model=None):
        super().__init__({"autocomplete": "off", "spellcheck": "false", **(attrs or {})})
        self.model = model

    def format_value(self, value):
        if value is not None and not isinstance(value, str):
            names = [getattr(tag, "name", tag) for tag in value]
            value = ", ".join(sorted(names, key=str.casefold))
        return super().format_value(value)

    def suggestions(self) -> list[str]:
        if self.model is None:
            return []
        from django.contrib.contenttypes.models import ContentType
        from taggit.models import Tag

        content_type = ContentType.objects.get_for_model(self.model)  # cached by Django
        return list(
            Tag.objects.filter(taggit_taggeditem_items__content_type=content_type)
            .distinct()
            .order_by("name")
            .values_list("name", flat=True)[:SUGGESTIONS]
        )

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        widget["datalist_id"] = f"{widget['attrs'].get('id', name)}-suggestions"
        widget["suggestions"] = self.suggestions()
        return context


def split_tags(value: str) -> list[str]:
    """Tags are separated by commas (or new lines), never by spaces: "civil engineering" is one
    tag. Quotes people type are dropped; the same tag twice (in any case) is kept once."""
    tags: dict[str, str] = {}
    for part in value.replace("\n", ",").split(","):
        tag = " ".join(part.replace('"', " ").split())
        if tag:
            tags.setdefault(tag.casefold(), tag)
    return sorted(tags.values(), key=str.casefold)


class PlainTagField(TagField):
    """django-taggit's form field with Helix's plain input (PlainTagWidget, split_tags)."""

    widget = PlainTagWidget
    TAG_MAX_LENGTH = 100  # taggit's Tag.name

    def __init__(self, *, model=None, **kwargs):
        help_text = kwargs.get("help_text")
        with translation.override(None):
            if not help_text or str(help_text) == TAGGIT_HELP_TEXT:
                kwargs["help_text"] = _(
                    "Separate tags with commas, e.g. flooding, GIS, civil engineering."
                )
        super().__init__(**kwargs)
        if model is not None:
            self.widget.model = model

    def clean(self, value):
        value = forms.CharField.clean(self, value)
        tags = split_tags(value)
        too_long = [tag for tag in tags if len(tag) > self.TAG_MAX_LENGTH]
        if too_long:
            raise forms.ValidationError(
                _("A tag can be at most %(max)d characters long.") % {"max": self.TAG_MAX_LENGTH}
            )
        return tags


def apply_service(form, call) -> bool:
    """Run a service with a valid form's cleaned data; put the service's ValidationError on the
    form (on its field where the form has one), so that the page shows it and saves nothing."""
    if not form.is_valid():
        return False
    try:
        call(form.cleaned_data)
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error)
        return False
    return True
