"""The scheduler: puts each periodic job (settings.PERIODIC_JOBS) in the task worker's
queue at its times, until stopped. One per server is safe: a run is queued once.

    manage.py run_schedule          # run (make run and deploy/systemd start it)
    manage.py run_schedule --list   # the jobs and when each runs next
"""

import time

from django.core.management.base import BaseCommand
from django.utils import timezone

from jobs.schedule import jobs, pause, queue_due_runs


class Command(BaseCommand):
    help = "Queue the periodic jobs at their times (settings.PERIODIC_JOBS) until stopped."

    def add_arguments(self, parser):
        parser.add_argument("--list", action="store_true", help="List the jobs and stop.")

    def handle(self, *args, **options):
        now = timezone.now()
        if options["list"]:
            for job in jobs():
                upcoming = timezone.localtime(next(job.times(now)))
                command = " ".join(job.command)
                self.stdout.write(
                    f"{job.name}: {job.cron} ({command}), next {upcoming:%d.%m.%Y %H:%M}"
                )
            return
        self.stdout.write(f"Scheduling {len(jobs())} periodic job(s); stop with Ctrl+C.")
        last = now
        try:
            while True:
                time.sleep(pause(timezone.now()))
                now = timezone.now()
                for job, due_at in queue_due_runs(last, now):
                    self.stdout.write(
                        f"Queued {job.name} ({timezone.localtime(due_at):%d.%m.%Y %H:%M})"
                    )
                last = now
        except KeyboardInterrupt:
            return
