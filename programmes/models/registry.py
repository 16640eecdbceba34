"""What the product keeps of Enhetsregisteret beyond each company's own answer (that is
on the company: programmes.models.companies)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


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
