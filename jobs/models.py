from django.db import models
from django.utils.translation import gettext_lazy as _


class ScheduledRun(models.Model):
    """One run of a periodic job at one of its times: the unique pair is how several
    schedulers (one per server) agree that only one of them queues it."""

    job = models.CharField(_("job"), max_length=100)
    due_at = models.DateTimeField(_("due"))
    queued_at = models.DateTimeField(_("queued"), auto_now_add=True)

    class Meta:
        verbose_name = _("scheduled run")
        verbose_name_plural = _("scheduled runs")
        constraints = [
            models.UniqueConstraint(fields=["job", "due_at"], name="one_run_per_job_and_time")
        ]

    def __str__(self) -> str:
        return f"{self.job} {self.due_at:%Y-%m-%d %H:%M}"
