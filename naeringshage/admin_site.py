"""The admin site: Django's, with every model admin checking the ids a request posts
before looking them up (core.ids). Django's own admin filters by them unchecked in three
places, where a crafted post answered 500:

- an autocomplete select shown again with a value that is not an id;
- a list action given chosen rows that are not ids;
- a multiple select given an id past 64 bits (SQLite cannot compare it).

Every model admin registered on the site, Django's and other packages' included, gets
the guards: `register` puts `GuardedIds` in front of the admin class, and the admin
puts it in front of each of its inlines.

The admin's lists and read-only fields show figures as every other page does
(core.display): “5 175 kr”, “442,26 EUR”, “912 345 688”, “1 145” rather than Django's
“5175,00” (`display_for_field`)."""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin import utils as admin_utils
from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig
from django.contrib.admin.templatetags import admin_list
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.display import field_text
from core.ids import RowsField, lookup_value_ok


class _ChosenOnly:
    """An autocomplete widget that shows again only the chosen values that are ids."""

    def optgroups(self, name, value, attr=None):
        remote = self.field.remote_field
        target = remote.model._meta.get_field(remote.field_name)
        value = [chosen for chosen in value if lookup_value_ok(target, chosen, using=self.db)]
        return super().optgroups(name, value, attr)


class GuardedAutocompleteSelect(_ChosenOnly, AutocompleteSelect):
    pass


class GuardedAutocompleteSelectMultiple(_ChosenOnly, AutocompleteSelectMultiple):
    pass


def guarded(admin_class: type) -> type:
    """`admin_class` with the guards in front (itself if it has them)."""
    if issubclass(admin_class, GuardedIds):
        return admin_class
    if admin_class not in _GUARDED:
        _GUARDED[admin_class] = type(
            admin_class.__name__,
            (GuardedIds, admin_class),
            {"__module__": admin_class.__module__, "__doc__": admin_class.__doc__},
        )
    return _GUARDED[admin_class]


class GuardedIds:
    """The guards, in front of a ModelAdmin or an inline."""

    def get_inlines(self, request, obj):
        return [guarded(inline) for inline in super().get_inlines(request, obj)]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = GuardedAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = GuardedAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        kwargs.setdefault("form_class", RowsField)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def response_action(self, request, queryset):
        chosen = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
        pk = self.model._meta.pk
        if not all(lookup_value_ok(pk, row, using=queryset.db) for row in chosen):
            self.message_user(
                request, _("The chosen rows are not valid. Choose them again."), messages.WARNING
            )
            return None  # the list page is shown again, as for an action that fails
        return super().response_action(request, queryset)


_GUARDED: dict[type, type] = {}


def _is_figure(model_field) -> bool:
    if model_field.is_relation or model_field.choices or model_field.primary_key:
        return False
    if hasattr(model_field, "display_value") or isinstance(model_field, models.DecimalField):
        return True
    return isinstance(model_field, models.IntegerField) and "year" not in model_field.name


_django_display_for_field = admin_utils.display_for_field


def display_for_field(value, field, empty_value_display, avoid_link=False):
    """Django's, except that a figure (money, an organisation number, a count) shows as
    on every other page (core.display): “5 175 kr” rather than “5175,00”."""
    if value is not None and _is_figure(field):
        return field_text(field, value)
    return _django_display_for_field(value, field, empty_value_display, avoid_link)


class AdminSite(admin.AdminSite):
    site_header = _("Næringshage administration")
    site_title = "Næringshage"

    def register(self, model_or_iterable, admin_class=None, **options):
        super().register(model_or_iterable, guarded(admin_class or admin.ModelAdmin), **options)


class AdminConfig(DjangoAdminConfig):
    default_site = "naeringshage.admin_site.AdminSite"

    def ready(self):
        super().ready()
        # Django's admin has no hook for how a field's value is shown in its lists and
        # read-only fields; both call `display_for_field` by the name they imported.
        helpers.display_for_field = display_for_field
        admin_list.display_for_field = display_for_field
