"""When the periodic jobs are due, and queueing each due run once (jobs.tasks runs it).

settings.PERIODIC_JOBS names each job with its cron expression (in TIME_ZONE, so "15 3
* * *" is 03:15 Norwegian time, summer and winter) and the management command it runs
with its arguments. Every job is also a command to run by hand."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from cronsim import CronSim, CronSimError
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, transaction
from django.utils import timezone

from jobs.models import ScheduledRun


@dataclass(frozen=True)
class Job:
    name: str
    cron: str
    command: tuple[str, ...]

    def times(self, after: datetime) -> Iterator[datetime]:
        """The job's times after `after`, in the local time zone."""
        return CronSim(self.cron, timezone.localtime(after).replace(second=0, microsecond=0))


def jobs() -> list[Job]:
    found = []
    for name, job in settings.PERIODIC_JOBS.items():
        cron = str(job["cron"])
        try:
            CronSim(cron, timezone.localtime())
        except CronSimError as error:
            raise ImproperlyConfigured(f"PERIODIC_JOBS[{name!r}]: {error}") from error
        found.append(Job(name=name, cron=cron, command=tuple(job["command"])))
    return found


def due_runs(after: datetime, until: datetime) -> list[tuple[Job, datetime]]:
    """Every (job, time) with after < time <= until, earliest first."""
    due = []
    for job in jobs():
        for time in job.times(after):
            if time > until:
                break
            if time > after:
                due.append((job, time))
    return sorted(due, key=lambda pair: (pair[1], pair[0].name))


def next_time(after: datetime) -> datetime | None:
    return min((next(job.times(after)) for job in jobs()), default=None)


def queue_due_runs(after: datetime, until: datetime) -> list[tuple[Job, datetime]]:
    """Queue every run due in (after, until] that no scheduler has queued yet; returns
    those this call queued. The run's row and its task are written in one transaction."""
    from jobs.tasks import run_periodic_job

    queued = []
    for job, due_at in due_runs(after, until):
        try:
            with transaction.atomic():
                ScheduledRun.objects.create(job=job.name, due_at=due_at)
                run_periodic_job.enqueue(job.name)
        except IntegrityError:
            continue  # another server's scheduler has queued it
        queued.append((job, due_at))
    return queued


def pause(now: datetime, *, longest: timedelta = timedelta(minutes=1)) -> float:
    """Seconds to sleep before the next look: until the next job's time, a minute at
    most (so a changed clock or schedule is seen soon)."""
    upcoming = next_time(now)
    wait = longest if upcoming is None else min(longest, upcoming - now)
    return max(wait.total_seconds(), 0.5)
