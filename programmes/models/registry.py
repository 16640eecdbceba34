"""What the product keeps of Brønnøysund's registers beyond each company's own answer
from Enhetsregisteret (that is on the company: programmes.models.companies): how far
the sync has read the update feed, and the annual accounts fetched from
Regnskapsregisteret, every year kept."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from programmes.models.companies import (
    Company,
    CompanyScopedQuerySet,
    KeyFigures,
    kroner_field,
)


class RegistryFeed(models.Model):
    """How far the sync has read Enhetsregisteret's update feed (one row): the last
    update seen, so that the next sync goes on from there."""

    last_update_id = models.BigIntegerField(_("last update read"), default=0)
    synced_at = models.DateTimeField(_("synced"), null=True, blank=True)

    # No page shows it: the companies it refreshes renew their own pages.
    page_topics = ()

    class Meta:
        verbose_name = _("Enhetsregisteret's update feed")
        verbose_name_plural = _("Enhetsregisteret's update feed")

    def __str__(self) -> str:
        return f"{self.last_update_id}"


class AnnualAccounts(models.Model):
    """A company's annual accounts for a year as Regnskapsregisteret gave them, and when:
    the register's copy, kept beside the key figures (which staff may have typed
    otherwise) and kept for every year fetched, since the register shows only the
    latest."""

    company = models.ForeignKey(
        Company,
        on_delete=models.CASCADE,
        related_name="annual_accounts",
        verbose_name=_("company"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    currency = models.CharField(_("currency"), max_length=3, default="NOK")
    revenue = kroner_field(_("revenue"))
    operating_result = kroner_field(_("operating result"))
    wage_costs = kroner_field(_("wage costs"))
    annual_result = kroner_field(_("annual result"))
    journal = models.CharField(_("journal number"), max_length=20, blank=True)
    fetched_at = models.DateTimeField(_("fetched"))
    data = models.JSONField(_("the register's answer"), default=dict, blank=True)
    # The staff chose the key figures they recorded over these (until other accounts for
    # the year come).
    recorded_kept = models.BooleanField(_("recorded figures kept"), default=False)

    objects = CompanyScopedQuerySet.as_manager()

    # The pages a change of it can alter (programmes.page_cache).
    page_topics = ("companies",)

    class Meta:
        verbose_name = _("annual accounts")
        verbose_name_plural = _("annual accounts")
        ordering = ["company", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["company", "year"], name="programmes_annualaccounts_unique_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.company} {self.year}"

    @property
    def value_creation(self):
        """Operating result plus wage costs; None when either is missing."""
        if self.operating_result is None or self.wage_costs is None:
            return None
        return self.operating_result + self.wage_costs

    def figures(self) -> dict:
        """The key figures the accounts give, by KeyFigures field (value creation
        worked out)."""
        figures = {name: getattr(self, name) for name in KeyFigures.ACCOUNTS_FIGURES}
        figures["value_creation"] = self.value_creation
        return figures

    def differs_from(self, key_figures: KeyFigures | None) -> list[str]:
        """The names of the key figures that are not what the accounts say (all of
        them when the year has none)."""
        return [
            name
            for name, value in self.figures().items()
            if key_figures is None or getattr(key_figures, name) != value
        ]
