"""Admin of the programme, the næringshager, their regions and their staff, and of the
companies, enrolments, events and service types."""

from itertools import pairwise

from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from core.display import field_text
from core.money import format_nok
from core.periods import format_period
from municipalities.admin import LabelledChoicesMixin
from municipalities.forms import NoOverlapInlineFormSet
from municipalities.models import Municipality
from programmes.models import (
    Company,
    ContactPerson,
    Enrolment,
    Event,
    KeyFigures,
    Naeringshage,
    Office,
    Organisation,
    Participant,
    Programme,
    ProgrammePeriod,
    RegionMembership,
    ServiceType,
    StaffMembership,
)
from programmes.models.events import normalised_name
from programmes.organisation_numbers import compact_organisation_number


class FormattedValues(HistoricalRecordContextHelper):
    """A change's values as every page shows them (core.display): “25 % → 30 %”,
    “1 500 000 kr”, a choice by its label."""

    def prepare_delta_change_value(self, change, value):
        field = self.model._meta.get_field(change.field)
        if field.is_relation:
            return super().prepare_delta_change_value(change, value)
        if field.choices:
            return dict(field.flatchoices).get(value, value)
        return field_text(field, value)


class HistoryAdmin(SimpleHistoryAdmin):
    """Each row's history (django-simple-history), to read. An old version cannot be
    saved back: that would write around the checks the staff pages' services make
    (closed years, frames, own shares)."""

    def get_historical_record_context_helper(self, request, historical_record):
        return FormattedValues(self.model, historical_record)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


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


# --- Companies, enrolments, events ------------------------------------------------------

MUNICIPALITY_LABELS = "municipality__numberings__county__numberings"


@admin.register(ServiceType)
class ServiceTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position", "default_hourly_rate_display", "is_active"]
    list_editable = ["position", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}

    @admin.display(description=_("default hourly rate"), ordering="default_hourly_rate")
    def default_hourly_rate_display(self, service_type: ServiceType) -> str:
        if service_type.default_hourly_rate is None:
            return "–"
        return format_nok(service_type.default_hourly_rate)


class ContactPersonInline(admin.TabularInline):
    model = ContactPerson
    fields = ["name", "role", "email", "phone"]
    extra = 0


class KeyFiguresInline(admin.TabularInline):
    model = KeyFigures
    fields = ["year", "employees", "revenue", "value_creation"]
    extra = 0
    ordering = ["year"]


class EnrolmentInlineFormSet(BaseInlineFormSet):
    """Refuses two submitted enrolments of the company that run on a common day.

    Each row's model validation compares it with the rows in the database, which hold
    neither the other changes of the same form nor any row of a company being added.
    """

    def clean(self):
        super().clean()
        rows = []
        for form in self.forms:
            if not form.has_changed() and form.instance.pk is None:
                continue
            if self.can_delete and self._should_delete_form(form):
                continue
            data = form.cleaned_data if not form.errors else None
            if not data or data.get("start_date") is None:
                continue
            end = data.get("end_date")
            if end is not None and end < data["start_date"]:
                continue
            rows.append((data["start_date"], end))
        rows.sort()
        for (start, end), (later_start, later_end) in pairwise(rows):
            if end is None or later_start <= end:
                raise ValidationError(
                    _(
                        "Two enrolments run on the same day: %(first)s and %(second)s. A "
                        "company has one enrolment at a time."
                    ),
                    code="overlap",
                    params={
                        "first": format_period(start, end),
                        "second": format_period(later_start, later_end),
                    },
                )


class EnrolmentInline(admin.StackedInline):
    model = Enrolment
    formset = EnrolmentInlineFormSet
    fields = [("kind", "start_date", "end_date"), "contract_reference", "goals"]
    extra = 0
    ordering = ["start_date"]


@admin.register(Company)
class CompanyAdmin(MunicipalityChoicesMixin, HistoryAdmin):
    list_display = [
        "name",
        "organisation_number_display",
        "municipality",
        "naeringshage",
        "women_in_leadership",
    ]
    list_filter = ["naeringshage", "women_in_leadership", "enrolments__kind"]
    list_select_related = ["naeringshage", "municipality"]
    search_fields = ["name", "organisation_number"]
    search_help_text = _("Name, or organisation number with or without spaces.")
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["naeringshage", "organisation_number", "name", "municipality"]}),
        (_("Details"), {"fields": ["address", "nace_code", "women_in_leadership"]}),
        (_("History"), {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]
    inlines = [EnrolmentInline, ContactPersonInline, KeyFiguresInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related(MUNICIPALITY_LABELS)

    def get_search_results(self, request, queryset, search_term):
        # “912 345 688” finds 912345688.
        compact = compact_organisation_number(search_term)
        if compact.isdigit() and compact != search_term.strip():
            search_term = compact
        return super().get_search_results(request, queryset, search_term)

    @admin.display(description=_("organisation number"), ordering="organisation_number")
    def organisation_number_display(self, company: Company) -> str:
        return company.organisation_number_display


@admin.register(Enrolment)
class EnrolmentAdmin(HistoryAdmin):
    list_display = ["company", "kind", "start_date", "end_date", "contract_reference"]
    list_filter = ["kind", "company__naeringshage"]
    list_select_related = ["company"]
    search_fields = ["company__name", "company__organisation_number", "contract_reference"]
    autocomplete_fields = ["company"]
    date_hierarchy = "start_date"
    readonly_fields = ["created_at", "updated_at"]


@admin.register(ContactPerson)
class ContactPersonAdmin(admin.ModelAdmin):
    list_display = ["name", "role", "company", "email", "phone"]
    list_filter = ["company__naeringshage"]
    list_select_related = ["company"]
    search_fields = ["name", "email", "phone", "company__name"]
    autocomplete_fields = ["company"]


@admin.register(KeyFigures)
class KeyFiguresAdmin(admin.ModelAdmin):
    list_display = ["company", "year", "employees", "revenue", "value_creation"]
    list_filter = ["year", "company__naeringshage"]
    list_select_related = ["company"]
    search_fields = ["company__name", "company__organisation_number"]
    autocomplete_fields = ["company"]


class ParticipantInlineFormSet(BaseInlineFormSet):
    """Refuses the same person twice among the submitted rows (same name with the same
    e-mail, or the same name from the same company)."""

    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            if form.errors or (not form.has_changed() and form.instance.pk is None):
                continue
            if self.can_delete and self._should_delete_form(form):
                continue
            data = form.cleaned_data
            name = normalised_name(data.get("name", ""))
            keys = []
            if data.get("email"):
                keys.append(("email", name, data["email"].strip().casefold()))
            if data.get("company"):
                keys.append(("company", name, data["company"].pk))
            for key in keys:
                if key in seen:
                    raise ValidationError(
                        _("%(name)s is listed twice."),
                        code="duplicate_participant",
                        params={"name": data["name"]},
                    )
                seen.add(key)


class ParticipantInline(admin.TabularInline):
    model = Participant
    formset = ParticipantInlineFormSet
    fields = ["name", "company", "email"]
    autocomplete_fields = ["company"]
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("company", "event")


@admin.register(Event)
class EventAdmin(MunicipalityChoicesMixin, admin.ModelAdmin):
    list_display = [
        "title",
        "kind",
        "starts_at",
        "municipality",
        "venue",
        "responsible",
        "naeringshage",
        "participant_count",
    ]
    list_filter = ["naeringshage", "kind"]
    list_select_related = ["naeringshage", "municipality", "responsible"]
    search_fields = ["title", "venue", "description"]
    autocomplete_fields = ["responsible"]
    date_hierarchy = "starts_at"
    readonly_fields = ["created_at", "updated_at"]
    inlines = [ParticipantInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related(MUNICIPALITY_LABELS)
            .annotate(participant_total=Count("participants"))
        )

    @admin.display(description=_("participants"), ordering="participant_total")
    def participant_count(self, event: Event) -> int:
        return event.participant_total


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = ["name", "company", "email", "event"]
    list_filter = ["event__naeringshage", "event__kind"]
    list_select_related = ["company", "event"]
    search_fields = ["name", "email", "company__name", "event__title"]
    autocomplete_fields = ["event", "company"]


# The user pages: role and næringshage on one page (programmes/admin_users.py).
from programmes import admin_users  # noqa: E402, F401
