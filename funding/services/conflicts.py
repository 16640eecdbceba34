"""Edit conflicts of grants, placements and services: the machinery is the programme's
(`programmes.conflicts`), shared by every staff edit form; funding's writes import it
from here or from `funding.services`."""

from programmes.conflicts import EditConflict, ensure_unchanged, parse_version, version_of

__all__ = ["EditConflict", "ensure_unchanged", "parse_version", "version_of"]
