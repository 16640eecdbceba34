"""How far the task worker has come with an import, for its page on any server.

The rows are checked and imported inside one transaction, which nobody else sees until
it ends; the count of rows done is written beside it, through a connection of its own,
every ROWS_BETWEEN_UPDATES rows. On PostgreSQL that is what the page reads as it goes.
SQLite takes one writer at a time (the import is that writer), so there the count is
written when the rows are done and the page shows the work going on until then.
"""

from django.db import DEFAULT_DB_ALIAS, connection, connections

ROWS_BETWEEN_UPDATES = 200


class RowProgress:
    def __init__(self, import_id: int, *, every: int = ROWS_BETWEEN_UPDATES):
        self.import_id = import_id
        self.every = every
        self.written = 0

    def __call__(self, rows_done: int) -> None:
        if rows_done - self.written < self.every or connection.vendor != "postgresql":
            return
        self.written = rows_done
        apart = connections.create_connection(DEFAULT_DB_ALIAS)
        try:
            with apart.cursor() as cursor:  # autocommit: seen at once
                cursor.execute(
                    "UPDATE imports_import SET rows_done = %s WHERE id = %s",
                    [rows_done, self.import_id],
                )
        finally:
            apart.close()


def no_progress(rows_done: int) -> None:
    """For a check or an import made within the request."""
