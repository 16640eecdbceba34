"""Events the næringshage holds (KompetanseForum, courses, network meetings) and the
people who took part."""

from typing import Self

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from core.constraints import CheckConstraint
from core.dates import in_range_constraint, validate_moment_in_range
from core.text import validate_multiline, validate_single_line
from municipalities.models import Municipality
from programmes.models.companies import Company
from programmes.models.organisation import Naeringshage, ScopedQuerySet, StaffMembership
from programmes.years import year_datetime_bounds


def _moment(value) -> str:
    return date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")


class EventQuerySet(ScopedQuerySet["Event"]):
    def in_year(self, year: int) -> Self:
        """Events starting in `year`, as the year is counted in Oslo."""
        start, end = year_datetime_bounds(year)
        return self.filter(starts_at__gte=start, starts_at__lt=end)


class Event(models.Model):
    class Kind(models.TextChoices):
        KOMPETANSEFORUM = "kompetanseforum", _("KompetanseForum")
        COURSE = "course", _("course")
        NETWORK_MEETING = "network_meeting", _("network meeting")
        OTHER = "other", _("other")

    naeringshage = models.ForeignKey(
        Naeringshage,
        on_delete=models.PROTECT,
        related_name="events",
        verbose_name=_("næringshage"),
    )
    title = models.CharField(_("title"), max_length=200, validators=[validate_single_line])
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    starts_at = models.DateTimeField(_("starts"), validators=[validate_moment_in_range])
    ends_at = models.DateTimeField(
        _("ends"),
        null=True,
        blank=True,
        help_text=_("May be left empty."),
        validators=[validate_moment_in_range],
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="events",
        verbose_name=_("municipality"),
        help_text=_("Where the event took place."),
    )
    venue = models.CharField(
        _("venue"),
        max_length=200,
        blank=True,
        help_text=_("Such as “the Tynset office” or “Røros Hotell”."),
        validators=[validate_single_line],
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="events_responsible",
        verbose_name=_("responsible adviser"),
        help_text=_("A member of the næringshage's staff."),
    )
    description = models.TextField(_("description"), blank=True, validators=[validate_multiline])
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = EventQuerySet.as_manager()

    # The pages a change of it can alter (programmes.page_cache).
    page_topics = ("events",)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-starts_at", "title"]
        constraints = [
            CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gte=F("starts_at")),
                name="programmes_event_ends_after_start",
                violation_error_message=_("The end cannot be before the start."),
            ),
            CheckConstraint(
                condition=Q(kind__in=["kompetanseforum", "course", "network_meeting", "other"]),
                name="programmes_event_kind_known",
                violation_error_message=_("Choose one of the kinds of event."),
            ),
            in_range_constraint("programmes_event_starts_at_in_range", "starts_at", moments=True),
            in_range_constraint(
                "programmes_event_ends_at_in_range", "ends_at", moments=True, null=True
            ),
        ]
        indexes = [models.Index(fields=["naeringshage", "starts_at"])]

    def __str__(self) -> str:
        day = date_format(timezone.localtime(self.starts_at), "SHORT_DATE_FORMAT")
        return f"{self.title} ({day})"

    def clean(self):
        super().clean()
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            errors["ends_at"] = ValidationError(
                _("The end (%(end)s) cannot be before the start (%(start)s)."),
                code="ends_before_start",
                params={"end": _moment(self.ends_at), "start": _moment(self.starts_at)},
            )
        if (
            self.responsible_id is not None
            and self.naeringshage_id is not None
            and not StaffMembership.objects.filter(
                user_id=self.responsible_id, naeringshage_id=self.naeringshage_id
            ).exists()
        ):
            errors["responsible"] = ValidationError(
                _("The responsible adviser must work for this næringshage."),
                code="responsible_elsewhere",
            )
        if errors:
            raise ValidationError(errors)


class ParticipantQuerySet(ScopedQuerySet):
    naeringshage_lookup = "event__naeringshage"


def normalised_name(name: str) -> str:
    """A name as it is compared: spaces collapsed, case ignored."""
    return " ".join(name.split()).casefold()


class Participant(models.Model):
    """A person who took part in an event, and the company they came from (if any)."""

    event = models.ForeignKey(
        Event,
        on_delete=models.CASCADE,
        related_name="participants",
        verbose_name=_("event"),
    )
    name = models.CharField(_("name"), max_length=200, validators=[validate_single_line])
    company = models.ForeignKey(
        Company,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="participations",
        verbose_name=_("company"),
        help_text=_("The company the person came from. May be left empty."),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    objects = ParticipantQuerySet.as_manager()

    # The pages a change of it can alter (programmes.page_cache).
    page_topics = ("events",)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["event", "name"]
        constraints = [
            # Backing up `clean()`, which also collapses spaces and folds non-ASCII case.
            models.UniqueConstraint(
                F("event"),
                Lower("name"),
                Lower("email"),
                condition=~Q(email=""),
                name="programmes_participant_unique_name_and_email",
                violation_error_message=_(
                    "A participant with this name and e-mail is already registered."
                ),
            ),
            models.UniqueConstraint(
                F("event"),
                F("company"),
                Lower("name"),
                condition=Q(company__isnull=False),
                name="programmes_participant_unique_name_and_company",
                violation_error_message=_(
                    "A participant with this name from this company is already registered."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        super().clean()
        self.name = " ".join(self.name.split())
        self.email = self.email.strip()
        # The event may be one being added in the same admin form (not saved yet).
        try:
            event = self.event
        except Event.DoesNotExist:
            return
        if self.company_id is not None:
            company = Company.objects.filter(pk=self.company_id).only("naeringshage_id").first()
            if company is None or company.naeringshage_id != event.naeringshage_id:
                raise ValidationError(
                    {
                        "company": ValidationError(
                            _("The company is not one of this næringshage's companies."),
                            code="company_elsewhere",
                        )
                    }
                )
        if self.event_id is not None:
            self._refuse_duplicate()

    def _refuse_duplicate(self):
        # Two ways to be the same person: the same name with the same e-mail, or the
        # same name from the same company. A bare name may come twice (two Ola Nordmann).
        if not self.email and self.company_id is None:
            return
        same = Q()
        if self.email:
            same |= Q(email__iexact=self.email)
        if self.company_id is not None:
            same |= Q(company_id=self.company_id)
        candidates = (
            Participant.objects.filter(event_id=self.event_id)
            .filter(same)
            .exclude(pk=self.pk)
            .values("name", "email", "company_id")
        )
        name = normalised_name(self.name)
        for other in candidates:
            if normalised_name(other["name"]) != name:
                continue
            if self.email and other["email"].casefold() == self.email.casefold():
                message = _(
                    "%(name)s with the e-mail %(email)s is already registered for this event."
                )
            else:
                message = _("%(name)s from the same company is already registered for this event.")
            raise ValidationError(
                {
                    "name": ValidationError(
                        message,
                        code="duplicate_participant",
                        params={"name": self.name, "email": self.email},
                    )
                }
            )
