"""The periodic jobs: due at their times in Norwegian time, queued once however many
schedulers look, and run by the task worker."""

import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from downloads.models import PreparedFile
from jobs.models import ScheduledRun
from jobs.schedule import due_runs, pause, queue_due_runs
from tests.downloads.conftest import prepared_services_file, run_tasks

OSLO = ZoneInfo("Europe/Oslo")


def at(*parts) -> datetime:
    return datetime(*parts, tzinfo=OSLO)


def test_jobs_are_due_at_their_local_times_across_summer_time():
    # Summer time began at 02:00 on 29 March 2026: 03:30 is still 03:30 in Norway.
    due = due_runs(at(2026, 3, 28, 12, 0), at(2026, 3, 30, 12, 0))
    daily = [(job.name, time) for job, time in due if job.name != "delete_expired_files"]
    assert daily == [
        ("prune_task_results", at(2026, 3, 29, 3, 30)),
        ("delete_old_imports", at(2026, 3, 29, 4, 45)),
        ("sync_registry", at(2026, 3, 29, 5, 30)),
        ("prune_task_results", at(2026, 3, 30, 3, 30)),
        ("delete_old_imports", at(2026, 3, 30, 4, 45)),
        ("sync_registry", at(2026, 3, 30, 5, 30)),
    ]
    hourly = [timezone.localtime(time) for job, time in due if job.name == "delete_expired_files"]
    assert len(hourly) == 47  # 48 hours of clock, less 02:15 on the night it was skipped
    assert {time.minute for time in hourly} == {15} and at(2026, 3, 29, 3, 15) in hourly
    early_january = due_runs(at(2026, 1, 1, 23, 0), at(2026, 1, 2, 5, 0))
    assert [job.name for job, _time in early_january if job.name != "delete_expired_files"] == [
        "prune_task_results",
        "anonymise_old_participants",
        "delete_old_imports",
    ]


def test_a_run_is_queued_once_however_many_schedulers_look(db):
    window = (at(2026, 12, 2, 3, 0), at(2026, 12, 2, 4, 0))
    first = queue_due_runs(*window)
    assert [job.name for job, _due in first] == ["delete_expired_files", "prune_task_results"]
    assert queue_due_runs(*window) == []  # a second server's scheduler, the same minute
    assert queue_due_runs(at(2026, 12, 2, 3, 20), at(2026, 12, 2, 3, 40)) == []
    assert ScheduledRun.objects.count() == 2
    assert sorted(DBTaskResult.objects.values_list("args_kwargs", flat=True), key=str) == [
        {"args": ["delete_expired_files"], "kwargs": {}},
        {"args": ["prune_task_results"], "kwargs": {}},
    ]


def test_the_worker_runs_a_queued_job(reference_data, adviser, registry):
    # The registry's sync asks the stand-in register, whose feed has no update.
    from programmes.models import Naeringshage
    from programmes.services import staff_membership_set

    roros = Naeringshage.objects.get(slug="rorosregionen")
    staff_membership_set(user=adviser, naeringshage=roros)
    old = prepared_services_file(roros, adviser)
    kept = prepared_services_file(roros, adviser)
    PreparedFile.objects.filter(pk=old.pk).update(expires_at=timezone.now() - timedelta(hours=1))
    now = timezone.now()
    queue_due_runs(now - timedelta(days=1), now)  # every daily job once

    run_tasks()

    assert list(PreparedFile.objects.values_list("pk", flat=True)) == [kept.pk]
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}


def test_a_bad_cron_expression_is_refused(settings):
    settings.PERIODIC_JOBS = {"broken": {"cron": "61 * * * *", "command": ["check"]}}
    with pytest.raises(ImproperlyConfigured, match="PERIODIC_JOBS\\['broken'\\]"):
        due_runs(at(2026, 12, 2, 0, 0), at(2026, 12, 3, 0, 0))


def test_the_scheduler_sleeps_until_the_next_time_a_minute_at_most():
    assert pause(at(2026, 12, 2, 3, 14, 50)) == 10
    assert pause(at(2026, 12, 2, 12, 0)) == 60
    assert pause(at(2026, 12, 2, 3, 14, 59, 900000)) == 0.5


def test_the_list_says_when_each_job_runs_next():
    out = io.StringIO()
    call_command("run_schedule", "--list", stdout=out)
    lines = out.getvalue().splitlines()
    assert any(
        line.startswith("delete_expired_files: 15 * * * * (delete_expired_files), next ")
        for line in lines
    )
    assert len(lines) == len(settings.PERIODIC_JOBS) == 6
