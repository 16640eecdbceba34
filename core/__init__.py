"""Parts with no domain: spreadsheet cells, checks of typed text; they import no app."""
