"""The task queue's rows (django-tasks-db registers an admin for them) stay out of the
admin: a task's arguments are only ids, and what a user asked for, with its progress and
any failure in their language, is on the prepared file's own page."""

from django.contrib import admin
from django_tasks_db.models import DBTaskResult

if admin.site.is_registered(DBTaskResult):
    admin.site.unregister(DBTaskResult)
