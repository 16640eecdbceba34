"""Admin of counties and municipalities, each with its numbering history as an inline."""

from collections.abc import Callable

from django.contrib import admin
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from municipalities.forms import NoOverlapInlineFormSet
from municipalities.models import County, CountyNumbering, Municipality, MunicipalityNumbering


def _latest_started(model, parent_field: str, value_field: str) -> Subquery:
    """The value of the numbering in force today (or the last one), for sorting lists."""
    return Subquery(
        model.objects.filter(**{parent_field: OuterRef("pk")}, valid_from__lte=timezone.localdate())
        .order_by("-valid_from")
        .values(value_field)[:1]
    )


class _ReadOnce:
    """Choices read from the database on first use, then shared by every copy of the
    field (each inline row gets a deep copy of it)."""

    def __init__(self, choices):
        self.choices = choices
        self.items = None

    def __call__(self):
        if self.items is None:
            self.items = list(self.choices)
        return self.items

    def __deepcopy__(self, memo):
        return self


class LabelledChoicesMixin:
    """Foreign key choices labelled from a prefetched history (no query per option),
    read once per page rather than once per inline row."""

    choice_querysets: dict[str, Callable] = {}

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        make_queryset = self.choice_querysets.get(db_field.name)
        if make_queryset is not None:
            kwargs["queryset"] = make_queryset()
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if make_queryset is not None and formfield is not None:
            formfield.choices = _ReadOnce(formfield.choices)
        return formfield


class CountyFilter(admin.SimpleListFilter):
    title = _("county")
    parameter_name = "county"
    county_lookup = "county"

    def lookups(self, request, model_admin):
        return [(county.pk, str(county)) for county in County.objects.with_history()]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(**{self.county_lookup: self.value()})
        return queryset


class CountyNowOrEarlierFilter(CountyFilter):
    title = _("county (now or earlier)")
    county_lookup = "numberings__county"


class CountyNumberingInline(admin.TabularInline):
    model = CountyNumbering
    formset = NoOverlapInlineFormSet
    fields = ["number", "name", "valid_from", "valid_to"]
    extra = 0
    ordering = ["valid_from"]


@admin.register(County)
class CountyAdmin(admin.ModelAdmin):
    list_display = ["name_now", "number_now", "slug"]
    search_fields = ["slug", "numberings__name", "numberings__number"]
    inlines = [CountyNumberingInline]

    def get_queryset(self, request):
        # Annotated before ordering: the default order is by the number in force today.
        return (
            County.objects.with_history()
            .annotate(current_number=_latest_started(CountyNumbering, "county", "number"))
            .order_by(*self.get_ordering(request))
        )

    def get_ordering(self, request):
        return ["current_number", "slug"]

    @admin.display(description=_("name"))
    def name_now(self, county: County) -> str:
        return str(county)

    @admin.display(description=_("number now (or last)"), ordering="current_number")
    def number_now(self, county: County) -> str:
        numbering = county.latest_numbering()
        return numbering.number if numbering else "–"


class MunicipalityNumberingInline(LabelledChoicesMixin, admin.TabularInline):
    model = MunicipalityNumbering
    formset = NoOverlapInlineFormSet
    fields = ["number", "name", "county", "valid_from", "valid_to", "name_is_shared"]
    extra = 0
    ordering = ["valid_from"]
    choice_querysets = {"county": lambda: County.objects.with_history()}

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("county")


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name_now", "number_now", "county_now", "slug"]
    list_filter = [CountyNowOrEarlierFilter]
    search_fields = ["slug", "numberings__name", "numberings__number"]
    inlines = [MunicipalityNumberingInline]

    def get_queryset(self, request):
        # Annotated before ordering: the default order is by the number in force today.
        return (
            Municipality.objects.with_history()
            .annotate(
                current_number=_latest_started(MunicipalityNumbering, "municipality", "number")
            )
            .order_by(*self.get_ordering(request))
        )

    def get_ordering(self, request):
        return ["current_number", "slug"]

    @admin.display(description=_("name"))
    def name_now(self, municipality: Municipality) -> str:
        return str(municipality)

    @admin.display(description=_("number now (or last)"), ordering="current_number")
    def number_now(self, municipality: Municipality) -> str:
        numbering = municipality.latest_numbering()
        return numbering.number if numbering else "–"

    @admin.display(description=_("county now (or last)"))
    def county_now(self, municipality: Municipality) -> str:
        numbering = municipality.latest_numbering()
        return str(numbering.county) if numbering else "–"


@admin.register(MunicipalityNumbering)
class MunicipalityNumberingAdmin(LabelledChoicesMixin, admin.ModelAdmin):
    """Every numbering row, to answer “who had 1640 in 2017?”."""

    list_display = ["number", "name", "county", "valid_from", "valid_to", "municipality"]
    list_filter = [CountyFilter, "name_is_shared"]
    search_fields = ["number", "name", "municipality__slug"]
    list_select_related = ["county", "municipality"]
    date_hierarchy = "valid_from"
    ordering = ["number", "valid_from"]
    choice_querysets = {
        "county": lambda: County.objects.with_history(),
        "municipality": lambda: Municipality.objects.with_history(),
    }

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related("county__numberings", "municipality__numberings__county__numberings")
        )
