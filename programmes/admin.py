"""Admin of the programme, the næringshager, their regions and their staff."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from municipalities.admin import LabelledChoicesMixin
from municipalities.forms import NoOverlapInlineFormSet
from municipalities.models import Municipality
from programmes.models import (
    Naeringshage,
    Office,
    Organisation,
    Programme,
    ProgrammePeriod,
    RegionMembership,
    StaffMembership,
)


class MunicipalityChoicesMixin(LabelledChoicesMixin):
    choice_querysets = {"municipality": lambda: Municipality.objects.with_history()}


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation_number_display", "slug"]
    search_fields = ["name", "organisation_number", "slug"]

    @admin.display(description=_("organisation number"), ordering="organisation_number")
    def organisation_number_display(self, organisation: Organisation) -> str:
        return organisation.organisation_number_display


class ProgrammePeriodInline(admin.TabularInline):
    model = ProgrammePeriod
    formset = NoOverlapInlineFormSet
    fields = ["valid_from", "valid_to"]
    extra = 0
    ordering = ["valid_from"]


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "operator", "slug"]
    list_select_related = ["operator"]
    search_fields = ["name", "slug"]
    inlines = [ProgrammePeriodInline]


class OfficeInline(MunicipalityChoicesMixin, admin.TabularInline):
    model = Office
    fields = ["name", "municipality"]
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("naeringshage")


class RegionMembershipFormSet(NoOverlapInlineFormSet):
    overlap_key = "municipality_id"


class RegionMembershipInline(MunicipalityChoicesMixin, admin.TabularInline):
    model = RegionMembership
    formset = RegionMembershipFormSet
    fields = ["municipality", "role", "valid_from", "valid_to"]
    extra = 0
    ordering = ["role", "valid_from"]

    def get_queryset(self, request):
        # Each row's title names its municipality: read their histories in one go.
        return (
            super()
            .get_queryset(request)
            .prefetch_related("municipality__numberings__county__numberings")
        )


class StaffMembershipInline(admin.TabularInline):
    model = StaffMembership
    fields = ["user"]
    autocomplete_fields = ["user"]
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user", "naeringshage")


@admin.register(Naeringshage)
class NaeringshageAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation_number_display", "programme", "slug"]
    list_filter = ["programme"]
    list_select_related = ["programme"]
    search_fields = ["name", "organisation_number", "slug"]
    inlines = [OfficeInline, RegionMembershipInline, StaffMembershipInline]

    @admin.display(description=_("organisation number"), ordering="organisation_number")
    def organisation_number_display(self, naeringshage: Naeringshage) -> str:
        return naeringshage.organisation_number_display


@admin.register(RegionMembership)
class RegionMembershipAdmin(MunicipalityChoicesMixin, admin.ModelAdmin):
    list_display = ["municipality", "naeringshage", "role", "valid_from", "valid_to"]
    list_filter = ["naeringshage", "role"]
    list_select_related = ["naeringshage", "municipality"]
    search_fields = [
        "naeringshage__name",
        "municipality__slug",
        "municipality__numberings__name",
        "municipality__numberings__number",
    ]
    date_hierarchy = "valid_from"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related("municipality__numberings__county__numberings")
        )


@admin.register(StaffMembership)
class StaffMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "user_full_name", "naeringshage"]
    list_filter = ["naeringshage"]
    list_select_related = ["user", "naeringshage"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    autocomplete_fields = ["user"]

    @admin.display(description=_("name"), ordering="user__last_name")
    def user_full_name(self, membership: StaffMembership) -> str:
        return membership.user.get_full_name()
