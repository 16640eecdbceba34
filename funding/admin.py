from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from core.money import format_nok
from funding.models import (
    AidRegisterThreshold,
    EurRate,
    Funder,
    Grant,
    GrantAllocation,
    OwnShareException,
    OwnShareRule,
    Placement,
    PlacementScore,
    PricedService,
    StateAidRule,
    Target,
    TargetKind,
    TierCriterion,
    TierLevel,
    TierModel,
    YearClosing,
)
from funding.services import grant_allocations_reset
from funding.services.closing import closed_years
from funding.services.grants import grant_allocations_check
from municipalities.models import County, Municipality
from programmes.admin import HistoryAdmin


class ClosedYearsReadOnly:
    """Rows of a closed year are shown, not changed: the year's report is final."""

    def years_of(self, obj) -> list[int]:
        raise NotImplementedError

    def has_change_permission(self, request, obj=None):
        if obj is not None and closed_years(obj.naeringshage, self.years_of(obj)):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and closed_years(obj.naeringshage, self.years_of(obj)):
            return False
        return super().has_delete_permission(request, obj)


@admin.register(Funder)
class FunderAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "kind",
        "organisation_number_display",
        "county",
        "first_year",
        "last_year",
    ]
    list_filter = ["kind"]
    search_fields = ["name", "organisation_number", "slug"]
    list_select_related = ["county"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["municipality"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # The county and municipality admins order by an annotation that the plain
        # queryset the admin would build here lacks: give the choices with their history.
        if db_field.name == "county":
            kwargs["queryset"] = County.objects.with_history()
        elif db_field.name == "municipality":
            kwargs["queryset"] = Municipality.objects.with_history()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("organisation number"), ordering="organisation_number")
    def organisation_number_display(self, funder: Funder) -> str:
        return funder.organisation_number_display


class TierLevelInline(admin.TabularInline):
    model = TierLevel
    extra = 0
    min_num = 1
    ordering = ["rank"]


class TierCriterionInline(admin.TabularInline):
    model = TierCriterion
    extra = 0


@admin.register(TierModel)
class TierModelAdmin(HistoryAdmin):
    list_display = ["name", "first_year", "last_year", "level_count"]
    search_fields = ["name"]
    inlines = [TierLevelInline, TierCriterionInline]

    @admin.display(description=_("levels"))
    def level_count(self, model: TierModel) -> int:
        return model.levels.count()

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("levels")


class PlacementScoreInline(admin.TabularInline):
    model = PlacementScore
    extra = 0
    autocomplete_fields = ["criterion"]


@admin.register(Placement)
class PlacementAdmin(ClosedYearsReadOnly, HistoryAdmin):
    list_display = ["naeringshage", "year", "level", "decision_date", "letter_reference"]
    list_filter = ["naeringshage", "year", "level__tier_model"]
    search_fields = ["naeringshage__name", "letter_reference", "rationale"]
    list_select_related = ["naeringshage", "level__tier_model"]
    autocomplete_fields = ["level"]
    inlines = [PlacementScoreInline]

    def years_of(self, placement: Placement) -> list[int]:
        return [placement.year]


@admin.register(TargetKind)
class TargetKindAdmin(HistoryAdmin):
    """The kinds of target a programme period names (reference data)."""

    list_display = ["name", "measure", "first_year", "last_year", "position"]
    list_filter = ["measure"]
    search_fields = ["name", "slug"]
    ordering = ["position", "name"]


@admin.register(Target)
class TargetAdmin(ClosedYearsReadOnly, HistoryAdmin):
    list_display = ["naeringshage", "year", "kind", "value"]
    list_filter = ["naeringshage", "year", "kind"]
    search_fields = ["naeringshage__name", "kind__name"]
    list_select_related = ["naeringshage", "kind"]

    def years_of(self, target: Target) -> list[int]:
        return [target.year]


@admin.register(TierLevel)
class TierLevelAdmin(admin.ModelAdmin):
    """Needed for the placement's level search; levels are edited on their model."""

    list_display = ["label", "tier_model", "rank", "yearly_amount"]
    search_fields = ["label", "tier_model__name"]
    list_select_related = ["tier_model"]

    def has_module_permission(self, request):
        return False


@admin.register(TierCriterion)
class TierCriterionAdmin(admin.ModelAdmin):
    list_display = ["name", "tier_model", "position"]
    search_fields = ["name", "tier_model__name"]
    list_select_related = ["tier_model"]

    def has_module_permission(self, request):
        return False


class GrantAllocationFormSet(BaseInlineFormSet):
    """The allocations the grant will have after the save (these, or the amount split
    evenly where they do not fit) may not go below what services have drawn: the same
    rule as the staff page's, with the grant's row locked for the rest of the admin's
    save (one transaction)."""

    def clean(self):
        super().clean()
        grant = self.instance
        shape = (grant.first_year, grant.last_year, grant.amount)
        if grant.pk is None or None in shape or grant.last_year < grant.first_year:
            return  # a new grant has nothing drawn; a bad grant form says so itself
        if any(self.errors):
            return
        allocations = {
            form.cleaned_data["year"]: form.cleaned_data["amount"]
            for form in self.forms
            if form.cleaned_data and not self._should_delete_form(form)
        }
        try:
            grant_allocations_check(grant=grant, allocations=allocations)
        except ValidationError as error:
            raise ValidationError(error.messages) from None


class GrantAllocationInline(admin.TabularInline):
    model = GrantAllocation
    formset = GrantAllocationFormSet
    extra = 0


@admin.register(Grant)
class GrantAdmin(ClosedYearsReadOnly, HistoryAdmin):
    list_display = ["__str__", "naeringshage", "kind", "years", "amount_display", "granted_on"]
    list_filter = ["naeringshage", "kind", "first_year", "funder"]
    search_fields = ["title", "funder__name", "note"]
    list_select_related = ["naeringshage", "funder"]
    autocomplete_fields = ["funder"]
    date_hierarchy = "granted_on"
    inlines = [GrantAllocationInline]
    readonly_fields = ["created_at", "updated_at"]

    def years_of(self, grant: Grant) -> list[int]:
        return grant.year_list

    @admin.display(description=_("amount"), ordering="amount")
    def amount_display(self, grant: Grant) -> str:
        return format_nok(grant.amount)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Allocations that do not fit the grant's years and amount are split evenly again.
        grant_allocations_reset(grant=form.instance)


@admin.register(OwnShareRule)
class OwnShareRuleAdmin(HistoryAdmin):
    list_display = ["__str__", "grant_kind", "minimum_share", "valid_from", "valid_to"]
    list_filter = ["grant_kind"]
    search_fields = ["source"]


@admin.register(OwnShareException)
class OwnShareExceptionAdmin(HistoryAdmin):
    list_display = ["name", "grant_kind", "minimum_share", "valid_from", "valid_to"]
    list_filter = ["grant_kind"]
    search_fields = ["name", "description"]


@admin.register(StateAidRule)
class StateAidRuleAdmin(HistoryAdmin):
    list_display = ["name", "cap_eur", "window_years", "valid_from", "valid_to"]
    search_fields = ["name"]


@admin.register(AidRegisterThreshold)
class AidRegisterThresholdAdmin(HistoryAdmin):
    list_display = ["threshold_eur", "valid_from", "valid_to"]


@admin.register(EurRate)
class EurRateAdmin(admin.ModelAdmin):
    list_display = ["valid_from", "nok_per_eur", "source"]
    search_fields = ["source"]
    date_hierarchy = "valid_from"


@admin.register(PricedService)
class PricedServiceAdmin(HistoryAdmin):
    """Read-only: services are recorded, changed and voided on the staff pages, where
    every rule is checked and the frame is locked."""

    list_display = [
        "date",
        "company",
        "service_type",
        "adviser",
        "grant",
        "price",
        "own_share",
        "subsidy",
        "voided_at",
    ]
    list_filter = [
        "naeringshage",
        "service_type",
        "grant__kind",
        ("voided_at", admin.EmptyFieldListFilter),
    ]
    search_fields = ["company__name", "company__organisation_number", "description"]
    list_select_related = ["company", "service_type", "adviser", "grant__funder"]
    date_hierarchy = "date"
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(YearClosing)
class YearClosingAdmin(admin.ModelAdmin):
    """The record of closings and reopenings: read-only, made on the report page."""

    list_display = ["naeringshage", "year", "closed_at", "closed_by", "reopened_at", "reopened_by"]
    list_filter = ["naeringshage", "year"]
    list_select_related = ["naeringshage", "closed_by", "reopened_by"]
    exclude = ["snapshot"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
