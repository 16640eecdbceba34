"""The kinds of prepared file, and what makes each.

An app above downloads adds its kinds in a module `prepared_files` with a list `MAKERS`
(found by name, as `programmes.extensions` finds other apps' lists): funding the
services list as XLSX, reports the annual report as PDF. A maker reads the parameters
the page stored, tells its progress, and returns the file.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import F
from django.utils.functional import Promise

from programmes.extensions import from_installed_apps
from programmes.models import Naeringshage

# The page's progress bar moves in steps of this many rows (one UPDATE each).
ROWS_BETWEEN_UPDATES = 1000


class PreparedFileError(Exception):
    """A file that cannot be made, with the reason to show its owner (translated)."""

    def __init__(self, message: str | Promise):
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class Made:
    """A finished file: its name for the browser, its type and its bytes (or an open
    binary file, read from its start)."""

    filename: str
    content_type: str
    content: bytes | IO[bytes]


class Progress:
    """How far a file has come: `total(rows)` once the rows are counted, then
    `progress(rows_done)` as often as the maker likes; the row in the database is
    updated every ROWS_BETWEEN_UPDATES rows, so the page (on any server) sees it."""

    def __init__(self, prepared_file_id: int, *, every: int = ROWS_BETWEEN_UPDATES):
        self.prepared_file_id = prepared_file_id
        self.every = every
        self.written = 0
        self.rows_total = 0

    def _update(self, **values: Any) -> None:
        from downloads.models import PreparedFile

        PreparedFile.objects.filter(pk=self.prepared_file_id).update(**values)

    def total(self, rows: int) -> None:
        self.rows_total = rows
        self._update(rows_total=rows)

    def __call__(self, rows_done: int) -> None:
        if rows_done - self.written >= self.every or rows_done == self.rows_total:
            self.written = rows_done
            self._update(rows_done=rows_done)

    def step(self) -> None:
        """One more step done (a maker that counts steps rather than rows)."""
        self.written += 1
        self._update(rows_done=F("rows_done") + 1)


@dataclass(frozen=True)
class Maker:
    """One kind of prepared file.

    kind: its key, stored with each file. permission: who may make it and open it (the
    page's own export permission). unit: what the progress counts ("rows"). make:
    (næringshage, parameters, progress) → Made, run by the task worker in the language
    of the user who asked. back: (label, url) of the page the file was asked for."""

    kind: str
    permission: Callable[[AbstractBaseUser | AnonymousUser], bool]
    unit: Callable[[int], str]
    make: Callable[[Naeringshage, dict, Progress], Made]
    back: Callable[[dict], tuple[str, str]]


def makers() -> dict[str, Maker]:
    return {maker.kind: maker for maker in from_installed_apps("prepared_files", "MAKERS")}


def maker_for(kind: str) -> Maker | None:
    return makers().get(kind)
