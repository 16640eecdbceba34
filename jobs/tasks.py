"""The task that runs a periodic job in the task worker."""

import logging
from io import StringIO

from django.core.management import call_command
from django_tasks import task

from jobs.schedule import jobs

logger = logging.getLogger(__name__)


@task()
def run_periodic_job(name: str) -> str:
    """Run the job's management command; returns what it printed. A job taken out of the
    schedule after it was queued is skipped."""
    job = next((job for job in jobs() if job.name == name), None)
    if job is None:
        logger.warning("Periodic job %r is no longer in PERIODIC_JOBS: skipped", name)
        return ""
    out = StringIO()
    call_command(*job.command, stdout=out)
    logger.info("Periodic job %s ran: %s", name, out.getvalue().strip())
    return out.getvalue()
