"""Finding companies as people type them: by name, tolerant of one typo, or by the
organisation number with or without its spaces. Scoped to one næringshage.

On PostgreSQL the name is compared with pg_trgm's word similarity (the extension is
created by migration 0012): "fjelbakst" finds "Fjellbakst AS". Elsewhere (SQLite in
development and tests) the same tolerance is reached in Python: one query reads the
næringshage's company names (at most `FALLBACK_CANDIDATES`, a næringshage has hundreds)
and keeps those containing the search text within one edit (a letter missing, added or
changed), compared in lower case with letters and digits only. Either way the result is
one QuerySet, the company list's search and the pickers' alike.
"""

from django.contrib.postgres.search import TrigramWordSimilarity
from django.db import connection
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from programmes.models import Company, ContactPerson, Event, Naeringshage
from programmes.organisation_numbers import compact_organisation_number

# pg_trgm word similarity from which a name counts as matching: one typo in a word of
# five letters or more stays above it ("fjelbakst" ~ "Fjellbakst" is 0.8).
SIMILARITY_THRESHOLD = 0.45
# Shorter texts are matched as typed only (a typo in two letters is another word).
FUZZY_FROM_LENGTH = 4
# The most names the fallback compares in Python; more are matched as typed only.
FALLBACK_CANDIDATES = 5000


def _letters(text: str) -> str:
    """Lower case, letters and digits only: "Fjell-Bakst AS" → "fjellbakstas"."""
    return "".join(character for character in text.casefold() if character.isalnum())


def within_one_edit(needle: str, haystack: str) -> bool:
    """Whether `needle` occurs in `haystack` with at most one letter missing, added or
    changed (approximate substring match; Sellers' dynamic programme, one row)."""
    if not needle:
        return True
    if needle in haystack:
        return True
    # previous[j]: the fewest edits matching needle[:i] ending at haystack[:j].
    previous = [0] * (len(haystack) + 1)
    for i, letter in enumerate(needle, start=1):
        current = [i] + [0] * len(haystack)
        for j, other in enumerate(haystack, start=1):
            current[j] = min(
                previous[j - 1] + (letter != other),
                previous[j] + 1,
                current[j - 1] + 1,
            )
        if min(current) > 1:
            return False
        previous = current
    return min(previous) <= 1


def _typed_match(text: str) -> Q:
    condition = Q(name__icontains=text)
    digits = compact_organisation_number(text)
    if digits.isdigit():
        condition |= Q(organisation_number__startswith=digits)
    return condition


def company_search(*, naeringshage: Naeringshage, text: str) -> QuerySet[Company]:
    """The næringshage's companies matching `text`, best match first (`relevance`:
    a name starting with the text, then containing it, then the closest), then by name.
    Empty text: every company, by name. Two queries on SQLite, one on PostgreSQL."""
    companies = Company.objects.for_naeringshage(naeringshage)
    text = " ".join(text.split())
    if not text:
        return companies.annotate(relevance=Value(0, output_field=IntegerField())).order_by(
            "name", "pk"
        )
    condition = _typed_match(text)
    order = ["-relevance", "name", "pk"]
    fuzzy = len(_letters(text)) >= FUZZY_FROM_LENGTH and not text.replace(" ", "").isdigit()
    if fuzzy and connection.vendor == "postgresql":
        companies = companies.annotate(closeness=TrigramWordSimilarity(text, "name"))
        condition |= Q(closeness__gte=SIMILARITY_THRESHOLD)
        order.insert(1, "-closeness")
    elif fuzzy:
        needle = _letters(text)
        names = companies.values_list("pk", "name")[:FALLBACK_CANDIDATES]
        close = [pk for pk, name in names if within_one_edit(needle, _letters(name))]
        condition |= Q(pk__in=close)
    return (
        companies.filter(condition)
        .annotate(
            relevance=Case(
                When(name__istartswith=text, then=Value(2)),
                When(_typed_match(text), then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        .order_by(*order)
    )


# --- The header's search: every kind of thing, grouped -----------------------------------

# The most rows a kind shows on the search page; the company list shows the rest.
FOUND_PER_KIND = 10


def found_companies(*, naeringshage: Naeringshage, text: str) -> list[Company]:
    """Companies for the search page: best match first, at most FOUND_PER_KIND + 1 (the
    last one says there are more)."""
    return list(company_search(naeringshage=naeringshage, text=text)[: FOUND_PER_KIND + 1])


def found_contact_persons(*, naeringshage: Naeringshage, text: str) -> list[ContactPerson]:
    """Contact persons by name or e-mail, with their company."""
    return list(
        ContactPerson.objects.for_naeringshage(naeringshage)
        .filter(Q(name__icontains=text) | Q(email__icontains=text))
        .select_related("company")
        .order_by("name", "pk")[: FOUND_PER_KIND + 1]
    )


def found_events(*, naeringshage: Naeringshage, text: str) -> list[Event]:
    """Events by title or venue, latest first."""
    return list(
        Event.objects.for_naeringshage(naeringshage)
        .filter(Q(title__icontains=text) | Q(venue__icontains=text))
        .order_by("-starts_at", "pk")[: FOUND_PER_KIND + 1]
    )
