"""The admin of rows that only the services write (so that the rules and counters hold)."""


class ServiceOnlyAdminMixin:
    """No add, no delete, no edit: the rows change only through the site's services.

    With `actions_change = True` the change permission is kept on the list, where admin actions
    that call the services need it; each row's change page stays read-only.
    """

    actions_change = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return self.actions_change and obj is None and super().has_change_permission(request)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class PlainTagsAdminMixin:
    """Tag fields as on the site: plain "a, b c" text with suggestions (core.forms)."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        from taggit.managers import TaggableManager

        from .forms import PlainTagField, PlainTagWidget

        if isinstance(db_field, TaggableManager):
            kwargs["widget"] = PlainTagWidget(attrs={"class": "vTextField"}, model=self.model)
            return db_field.formfield(form_class=PlainTagField, **kwargs)
        return super().formfield_for_dbfield(db_field, request, **kwargs)
