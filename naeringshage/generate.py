"""A large, fictional, deterministic data set for measuring speed (`generate_data`).

Three scales: *demo* (2 næringshager, a couple of thousand services, seconds; what the
tests use), *region* (5 næringshager, 100 000 services) and *national* (40 næringshager,
20 000 companies, 1 000 000 services over 2016–2025: Siva or a county council hosting
the product for many næringshager).

The same seed gives the same rows. Every row keeps the rules the staff pages keep
(valid organisation numbers, one enrolment at a time, price = own share + subsidy, at
least the own share in force on a Siva frame, no grant drawn beyond its allocation for
the year, state aid far below the cap), but the rows are written in bulk, not through
`service_record`: on PostgreSQL with COPY in batches, elsewhere with `bulk_create`.
Memory stays bounded: services are made and written one year at a time.

Generated næringshager have keys starting with `gen-`; their staff are `leder-NN`
(manager) and `radgiver-NN` (adviser), with the passwords below. Generation runs alone:
row ids are given by the generator, and the sequences are moved past them at the end.
"""

import hashlib
import io
import random
import uuid
from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from itertools import accumulate
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management.color import no_style
from django.db import connection, models, transaction

from accounts import roles
from funding.models import (
    EurRate,
    Funder,
    Grant,
    GrantAllocation,
    OwnShareException,
    OwnShareRule,
    Placement,
    PricedService,
    StateAidRule,
    TierLevel,
    TierModel,
)
from funding.money import split_evenly
from municipalities.models import Municipality
from naeringshage.two_factor.demo import demo_authenticator_app_set
from programmes import page_cache
from programmes.models import (
    Company,
    ContactPerson,
    Enrolment,
    Event,
    KeyFigures,
    Naeringshage,
    Office,
    Participant,
    Programme,
    RegionMembership,
    ServiceType,
    StaffMembership,
)
from programmes.organisation_numbers import calc_check_digit

SLUG_PREFIX = "gen-"
MANAGER_PASSWORD = "generert-leder"  # noqa: S105 - documented password of generated test data
ADVISER_PASSWORD = "generert-radgiver"  # noqa: S105 - documented password of generated test data
PROGRAMME = "naeringshageprogrammet"
FIRST_YEAR = 2016
LAST_YEAR = 2025
OSLO = ZoneInfo("Europe/Oslo")
BATCH = 20_000


@dataclass(frozen=True)
class Scale:
    naeringshager: int
    companies: int
    services: int
    events_per_year: int  # for a næringshage of average size


SCALES = {
    "demo": Scale(naeringshager=2, companies=80, services=2_000, events_per_year=3),
    "region": Scale(naeringshager=5, companies=2_500, services=100_000, events_per_year=10),
    "national": Scale(naeringshager=40, companies=20_000, services=1_000_000, events_per_year=12),
}

# Made-up word parts: “Lyngtind Bakeri AS”, “Myrkoll Sag Holding AS”.
NAME_STARTS = [
    "Lyngtind", "Myrkoll", "Fjellbakst", "Elvemo", "Reinsli", "Kvitmyr", "Bjørkås", "Grålia",
    "Tjønnvik", "Furuhaug", "Steinsvoll", "Høgmo", "Vidde", "Snøklett", "Glimmerdal",
    "Sølvberg", "Kobberlia", "Ramsdal", "Sjølia", "Nordvang", "Åsgard", "Lauvli", "Myrheim",
    "Kvernmo", "Tindvik", "Granlia", "Storhaug", "Vesleli", "Heimdal", "Bekkmo", "Fosslia",
    "Setervoll", "Breivang", "Holmvik", "Kjerringli", "Rimfrost", "Skarven", "Tjørnli",
    "Vangsmo", "Øvrebø",
]  # fmt: skip
NAME_TRADES = [
    ("Bakeri", "10.710"), ("Sag", "16.100"), ("Snekkeri", "16.230"), ("Regnskap", "69.201"),
    ("Reiseliv", "79.900"), ("Gårdsmat", "10.890"), ("Kraft", "35.112"), ("Design", "74.100"),
    ("Bygg", "41.200"), ("Data", "62.010"), ("Ysteri", "10.510"), ("Husflid", "32.990"),
    ("Transport", "49.410"), ("Rørlegger", "43.220"), ("Fjellstue", "55.101"),
    ("Elektro", "43.210"), ("Maskin", "28.300"), ("Fisk", "10.200"), ("Bryggeri", "11.050"),
    ("Consult", "70.220"), ("Media", "73.110"), ("Eiendom", "68.209"), ("Helse", "86.909"),
    ("Frisør", "96.020"), ("Landbruk", "01.410"), ("Skog", "02.100"), ("Verksted", "33.120"),
    ("Camping", "55.300"), ("Butikk", "47.190"), ("Smie", "25.500"),
]  # fmt: skip
NAME_ENDINGS = ["", " Holding", " og Sønn", " Utvikling", " Invest"]
FIRST_NAMES = [
    "Kari", "Ola", "Ingrid", "Per", "Silje", "Jon", "Marit", "Erik", "Astrid", "Lars",
    "Guro", "Knut", "Hilde", "Trond", "Sigrid", "Bjørn", "Tone", "Arne", "Ragnhild", "Eirik",
]  # fmt: skip
LAST_NAMES = [
    "Haugen", "Moen", "Bakken", "Lien", "Solberg", "Vold", "Rønning", "Eggen", "Brekken",
    "Hagen", "Sletten", "Aune", "Kjelsås", "Gjelten", "Tørres",
]  # fmt: skip
GARDEN_NAMES = [
    "Fjellregionen", "Dalføret", "Kysten", "Vidda", "Elvedalen", "Innlandsporten", "Nordfjella",
    "Sjøsiden", "Skogbygda", "Midtfjellet",
]  # fmt: skip
STREETS = ["Storgata", "Kirkegata", "Bergmannsgata", "Sagveien", "Elvevegen", "Stasjonsvegen"]
DESCRIPTIONS = [
    "Forretningsplan og budsjett", "Markedsplan for nye kunder", "Søknad til Innovasjon Norge",
    "Oppfølging av handlingsplan", "Styrearbeid og strategi", "Prising og lønnsomhet",
    "Rekruttering og organisasjon", "Digital markedsføring", "",
]  # fmt: skip
PROJECT_TITLES = [
    "Kompetanseløft Lokalmat–Reiseliv", "Grønn omstilling i industrien", "Unge gründere",
    "Digitalt løft for handelen", "Bærekraftig reiseliv", "Eierskifte i distriktene",
]  # fmt: skip
EVENT_TITLES = [
    (Event.Kind.KOMPETANSEFORUM, "KompetanseForum: Digital markedsføring"),
    (Event.Kind.KOMPETANSEFORUM, "KompetanseForum: Lønnsomhet i lokalmat"),
    (Event.Kind.KOMPETANSEFORUM, "KompetanseForum: Eierskifte"),
    (Event.Kind.COURSE, "Kurs: Regnskap for gründere"),
    (Event.Kind.COURSE, "Kurs: Salg og kundemøter"),
    (Event.Kind.NETWORK_MEETING, "Nettverksmøte for reiselivet"),
    (Event.Kind.NETWORK_MEETING, "Nettverksmøte for industrien"),
    (Event.Kind.OTHER, "Frokostmøte med ordføreren"),
]
# (slug, first year, last year, [(label, yearly amount)]): used for the years no tier
# model of the reference data covers. Amounts from DOMAIN.md §3.
GENERATED_TIER_MODELS = [
    (
        "gen-2018",
        2018,
        2022,
        [
            ("Nivå 1", 2_500_000),
            ("Nivå 2", 1_800_000),
            ("Nivå 3", 1_700_000),
            ("Nivå 4", 1_400_000),
        ],
    ),
    ("gen-2023", 2023, 2032, [("Nivå A", 3_500_000), ("Nivå B", 2_600_000), ("Nivå C", 1_700_000)]),
]
SERVICE_TYPE_WEIGHTS = {
    "radgivning": 60,
    "kurs": 10,
    "nettverk": 10,
    "kompetanseforum": 8,
    "kompetanseheving": 8,
    "annet": 4,
}
FIXED_PRICE_TYPES = {"kurs", "nettverk", "kompetanseforum"}
# Half hours: most advice is short.
HALF_HOURS = [1, 1, 2, 2, 2, 3, 4, 4, 6, 8, 12, 16]
FIXED_PRICES = [500, 750, 1000, 1500, 2500, 4000]
# Fewer services in July and December.
MONTH_WEIGHTS = [9, 10, 11, 10, 10, 8, 3, 8, 11, 11, 10, 6]
COVID_REASON = "Bedriften er rammet av covid-19 (genererte data)."
VOID_REASON = "Registrert på feil bedrift (genererte data)"
GENERATED_NOTE = "Genererte data for ytelsesmåling."


class GenerationError(Exception):
    """The data set cannot be generated here; the message says why."""


# --- Bulk writing ----------------------------------------------------------------------


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _copy_converter(model_field: models.Field) -> Callable:
    """Turns a row value into COPY's text format. Decimals may come as integers in their
    smallest unit (øre for money)."""
    if isinstance(model_field, models.DecimalField):
        places = model_field.decimal_places
        unit = 10**places

        def decimal_text(value):
            if value is None:
                return r"\N"
            if isinstance(value, int):
                return f"{value // unit}.{value % unit:0{places}d}"
            return str(value)

        return decimal_text
    if isinstance(model_field, models.BooleanField):
        return lambda value: r"\N" if value is None else ("t" if value else "f")
    if isinstance(model_field, models.CharField | models.TextField):
        return lambda value: r"\N" if value is None else _escape(value)
    return lambda value: r"\N" if value is None else str(value)


def _python_converter(model_field: models.Field) -> Callable:
    if isinstance(model_field, models.DecimalField):
        places = model_field.decimal_places

        def decimal_value(value):
            if isinstance(value, int):
                return Decimal(value).scaleb(-places)
            return value if value is None else Decimal(value)

        return decimal_value
    return lambda value: value


class _BulkTable:
    """Rows for one table, written in batches: COPY on PostgreSQL, bulk_create elsewhere.

    Rows are tuples in the order of `names` (model field names; a foreign key takes the
    id). Ids are given by the generator (`next_id`).
    """

    def __init__(
        self, model: type[models.Model], names: list[str], parents: tuple["_BulkTable", ...] = ()
    ):
        self.model = model
        self.parents = parents  # written first: foreign keys are checked row by row
        self.fields = [model._meta.get_field(name) for name in ["id", *names]]
        self.rows: list[tuple] = []
        self.written = 0
        self.next_id = (model.objects.aggregate(top=models.Max("id"))["top"] or 0) + 1
        self.copy = connection.vendor == "postgresql"
        if self.copy:
            self.converters = [_copy_converter(f) for f in self.fields]
            columns = ", ".join(connection.ops.quote_name(f.column) for f in self.fields)
            self.sql = (
                f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) "
                "FROM STDIN WITH (FORMAT text)"
            )
        else:
            self.converters = [_python_converter(f) for f in self.fields]
            self.attnames = [f.attname for f in self.fields]

    def add(self, *values) -> int:
        """Queue a row and return its id."""
        row_id = self.next_id
        self.next_id += 1
        self.rows.append((row_id, *values))
        if len(self.rows) >= BATCH:
            self.flush()
        return row_id

    def flush(self) -> None:
        for parent in self.parents:
            parent.flush()
        if not self.rows:
            return
        if self.copy:
            buffer = io.StringIO()
            converters = self.converters
            for row in self.rows:
                buffer.write("\t".join([c(v) for c, v in zip(converters, row, strict=True)]))
                buffer.write("\n")
            buffer.seek(0)
            with connection.cursor() as cursor:
                cursor.cursor.copy_expert(self.sql, buffer)
        else:
            objects = [
                self.model(
                    **{
                        name: convert(value)
                        for name, convert, value in zip(
                            self.attnames, self.converters, row, strict=True
                        )
                    }
                )
                for row in self.rows
            ]
            self.model.objects.bulk_create(objects, batch_size=500)
        self.written += len(self.rows)
        self.rows = []


# --- Random helpers --------------------------------------------------------------------


def _rng(seed: int, *parts) -> random.Random:
    """An independent, reproducible stream for one part of the data set."""
    return random.Random("-".join(str(p) for p in (seed, *parts)))  # noqa: S311 - test data


def _organisation_number(rng: random.Random, taken: set[str]) -> str:
    while True:
        first_eight = rng.choice("89") + f"{rng.randrange(10_000_000):07d}"
        check = calc_check_digit(first_eight)
        if check is not None and first_eight + check not in taken:
            taken.add(first_eight + check)
            return first_eight + check


def _ascii(text: str) -> str:
    text = text.lower()
    for letter, plain in (("æ", "ae"), ("ø", "o"), ("å", "a")):
        text = text.replace(letter, plain)
    return "".join(character for character in text if character.isalnum() or character == ".")


def _phone(rng: random.Random) -> str:
    return f"+47 {rng.randrange(400, 999)} {rng.randrange(10, 99)} {rng.randrange(100, 999)}"


def _moment(day: date, rng: random.Random) -> datetime:
    """A working hour on `day` in Oslo."""
    return datetime.combine(day, time(8, 0), tzinfo=OSLO) + timedelta(
        minutes=rng.randrange(0, 9 * 60)
    )


def _size_weights(count: int) -> list[float]:
    """Næringshager differ in size: the first is about three times the median."""
    raw = [1 / (index + 1) ** 0.5 for index in range(count)]
    total = sum(raw)
    return [weight / total for weight in raw]


def _year_weights() -> dict[int, float]:
    """Activity grows by about a third over the decade."""
    raw = {year: 0.85 + 0.04 * (year - FIRST_YEAR) for year in range(FIRST_YEAR, LAST_YEAR + 1)}
    total = sum(raw.values())
    return {year: weight / total for year, weight in raw.items()}


def _apportion(total: int, weights: list[float]) -> list[int]:
    """`total` split by `weights` into whole numbers that add up exactly."""
    counts = [int(total * weight) for weight in weights]
    for index in range(total - sum(counts)):
        counts[index % len(counts)] += 1
    return counts


# --- The generator ---------------------------------------------------------------------


@dataclass
class _Company:
    id: int
    name: str
    first_year: int  # active (may receive services) from this year …
    last_year: int  # … to this one
    weight: float
    contact: str
    email: str
    aid: dict[int, int] = field(default_factory=dict)  # year -> euro cents of state aid


@dataclass
class _Garden:
    index: int
    naeringshage: Naeringshage
    size: float  # its share of the country's activity
    municipalities: list[Municipality]
    staff: list[int] = field(default_factory=list)
    manager: int = 0
    companies: list[_Company] = field(default_factory=list)
    # year -> kind -> [(grant id, allocation in øre)]
    grants: dict[int, dict[str, list[int]]] = field(default_factory=dict)


@dataclass
class Summary:
    scale: str
    seed: int
    counts: dict[str, int] = field(default_factory=dict)


def generated_naeringshager():
    return Naeringshage.objects.filter(slug__startswith=SLUG_PREFIX)


def has_generated_data() -> bool:
    return generated_naeringshager().exists()


def _delete_where(model: type[models.Model], column: str, subquery: str, params) -> None:
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {table} WHERE {connection.ops.quote_name(column)} IN ({subquery})",  # noqa: S608 - names from the models
            params,
        )


def delete_generated_data() -> None:
    """Remove every generated næringshage and all its rows (tier models stay)."""
    User = get_user_model()
    nh_ids = list(generated_naeringshager().values_list("pk", flat=True))
    if not nh_ids:
        return
    marks = ", ".join(["%s"] * len(nh_ids))
    user_ids = list(
        StaffMembership.objects.filter(naeringshage_id__in=nh_ids).values_list("user_id", flat=True)
    )
    with transaction.atomic():
        known = {
            Participant, PricedService, GrantAllocation, Grant, Placement, Event, KeyFigures,
            ContactPerson, Enrolment, Company, RegionMembership, Office, StaffMembership,
        }  # fmt: skip
        # Rows of other apps (such as a closed year's snapshot) that name a næringshage.
        for relation in Naeringshage._meta.related_objects:
            if relation.related_model not in known and relation.field.concrete:
                _delete_where(relation.related_model, relation.field.column, marks, nh_ids)
        events = f"SELECT id FROM {Event._meta.db_table} WHERE naeringshage_id IN ({marks})"  # noqa: S608
        companies = f"SELECT id FROM {Company._meta.db_table} WHERE naeringshage_id IN ({marks})"  # noqa: S608
        grants = f"SELECT id FROM {Grant._meta.db_table} WHERE naeringshage_id IN ({marks})"  # noqa: S608
        _delete_where(Participant, "event_id", events, nh_ids)
        _delete_where(PricedService, "naeringshage_id", marks, nh_ids)
        _delete_where(GrantAllocation, "grant_id", grants, nh_ids)
        _delete_where(Grant, "naeringshage_id", marks, nh_ids)
        Placement.objects.filter(naeringshage_id__in=nh_ids).delete()
        _delete_where(Event, "naeringshage_id", marks, nh_ids)
        for model in (KeyFigures, ContactPerson, Enrolment):
            _delete_where(model, "company_id", companies, nh_ids)
        _delete_where(Company, "naeringshage_id", marks, nh_ids)
        StaffMembership.objects.filter(naeringshage_id__in=nh_ids).delete()
        User.objects.filter(pk__in=user_ids).delete()
        Naeringshage.objects.filter(pk__in=nh_ids).delete()


class Generator:
    def __init__(self, *, scale: str, seed: int, log: Callable[[str], None] = lambda _m: None):
        if scale not in SCALES:
            raise GenerationError(f"Unknown scale {scale!r}: choose one of {', '.join(SCALES)}.")
        self.scale_name = scale
        self.scale = SCALES[scale]
        self.seed = seed
        self.log = log
        self.years = list(range(FIRST_YEAR, LAST_YEAR + 1))
        self.summary = Summary(scale=scale, seed=seed)
        self.orgnrs: set[str] = set()

    # -- reference data --------------------------------------------------------------

    def _load_reference(self) -> None:
        self.programme = Programme.objects.filter(slug=PROGRAMME).first()
        self.siva = Funder.objects.filter(slug="siva").first()
        self.service_types = {t.slug: t for t in ServiceType.objects.all()}
        if self.programme is None or self.siva is None or not self.service_types:
            raise GenerationError("The reference data is missing: run load_reference_data first.")
        first, last = date(FIRST_YEAR, 1, 1), date(LAST_YEAR, 12, 31)
        self.municipalities = [
            m
            for m in Municipality.objects.with_history().order_by("slug")
            if m.numbering_on(first) and m.numbering_on(last)
        ]
        if not self.municipalities:
            raise GenerationError("No municipality exists from 2016 to 2025 in the reference data.")
        self.county_funders = list(
            Funder.objects.filter(kind=Funder.Kind.COUNTY_COUNCIL).order_by("slug")
        )
        self.rates = sorted(EurRate.objects.values_list("valid_from", "nok_per_eur"))
        if not self.rates or self.rates[0][0] > first:
            raise GenerationError("EUR rates from 2016 are missing from the reference data.")
        self.rule_share = {}
        for year in self.years:
            rule = (
                OwnShareRule.objects.valid_on(date(year, 1, 1))
                .filter(grant_kind=Grant.Kind.SIVA_FRAME)
                .first()
            )
            self.rule_share[year] = rule.minimum_share if rule else Decimal("0")
        # Each company's aid stays below half the lowest cap in any four calendar years,
        # and so far below the cap in every rolling window.
        caps = StateAidRule.objects.values_list("cap_eur", flat=True)
        self.aid_ceiling = int(min(caps, default=Decimal("1e9")) * 100) // 2
        self.exceptions = list(
            OwnShareException.objects.filter(grant_kind=Grant.Kind.SIVA_FRAME).order_by(
                "valid_from"
            )
        )

    def _tier_levels(self) -> dict[int, list[TierLevel]]:
        """The levels (top first) of the tier model in force each year, making a
        generated model for the years the reference data does not cover."""
        levels = {}
        for year in self.years:
            model = TierModel.objects.valid_in(year).order_by("-first_year").first()
            if model is None:
                slug, first, last, amounts = next(
                    spec for spec in GENERATED_TIER_MODELS if spec[1] <= year <= spec[2]
                )
                model, created = TierModel.objects.get_or_create(
                    slug=slug,
                    defaults={
                        "name": f"Generert nivåmodell {first}–{last}",
                        "first_year": first,
                        "last_year": last,
                        "description": GENERATED_NOTE,
                    },
                )
                if created:
                    TierLevel.objects.bulk_create(
                        TierLevel(tier_model=model, label=label, rank=rank, yearly_amount=amount)
                        for rank, (label, amount) in enumerate(amounts, start=1)
                    )
            levels[year] = list(model.levels.order_by("rank"))
        return levels

    # -- organisation ---------------------------------------------------------------

    def _gardens(self) -> list[_Garden]:
        rng = _rng(self.seed, "gardens")
        sizes = _size_weights(self.scale.naeringshager)
        gardens = []
        for index in range(self.scale.naeringshager):
            number = index + 1
            place = GARDEN_NAMES[index % len(GARDEN_NAMES)]
            naeringshage = Naeringshage.objects.create(
                slug=f"{SLUG_PREFIX}{number:02d}",
                name=f"{place} Næringshage {number:02d} AS",
                organisation_number=_organisation_number(rng, self.orgnrs),
                programme=self.programme,
            )
            region = rng.sample(self.municipalities, k=min(len(self.municipalities), 3 + index % 4))
            gardens.append(
                _Garden(
                    index=index, naeringshage=naeringshage, size=sizes[index], municipalities=region
                )
            )
            Office.objects.bulk_create(
                Office(naeringshage=naeringshage, name=m.slug.title(), municipality=m)
                for m in region[: 1 + index % 2]
            )
            RegionMembership.objects.bulk_create(
                RegionMembership(
                    naeringshage=naeringshage,
                    municipality=m,
                    role=RegionMembership.Role.MEMBER
                    if position < len(region) - 1 or len(region) < 4
                    else RegionMembership.Role.SERVICES_ONLY,
                    valid_from=date(2011, 7, 1)
                    if position < 2
                    else date(2014 + position % 3, 1, 1),
                )
                for position, m in enumerate(region)
            )
        self.summary.counts["næringshager"] = len(gardens)
        return gardens

    def _staff(self, gardens: list[_Garden]) -> None:
        """A manager and one or more advisers per næringshage: leder-01, radgiver-01, …"""
        User = get_user_model()
        manager_hash = make_password(MANAGER_PASSWORD)
        adviser_hash = make_password(ADVISER_PASSWORD)
        groups = {name: Group.objects.get_or_create(name=name)[0] for name in roles.ROLES}
        joined = datetime(FIRST_YEAR, 1, 1, 8, tzinfo=OSLO)
        for garden in gardens:
            number = garden.index + 1
            extra = round(garden.size * self.scale.naeringshager * 2)
            people = [(f"leder-{number:02d}", roles.MANAGER, manager_hash, "Leder")]
            people.append((f"radgiver-{number:02d}", roles.ADVISER, adviser_hash, "Rådgiver"))
            people += [
                (f"radgiver-{number:02d}-{n}", roles.ADVISER, adviser_hash, "Rådgiver")
                for n in range(2, 1 + extra)
            ]
            for position, (username, role, password, last_name) in enumerate(people):
                user = User.objects.create(
                    username=username,
                    password=password,
                    first_name=FIRST_NAMES[(garden.index * 3 + position) % len(FIRST_NAMES)],
                    last_name=f"{last_name} {number:02d}",
                    date_joined=joined,
                )
                user.groups.add(groups[role])
                if role == roles.MANAGER:  # two-factor login: the published demo key
                    demo_authenticator_app_set(user=user)
                StaffMembership.objects.create(user=user, naeringshage=garden.naeringshage)
                garden.staff.append(user.pk)
            garden.manager = garden.staff[0]
        self.summary.counts["users"] = sum(len(g.staff) for g in gardens)

    def _money(self, gardens: list[_Garden]) -> None:
        """Placements and Siva frames each year, regional development funds from the
        county council, and a few project grants over several years."""
        levels = self._tier_levels()
        rng = _rng(self.seed, "money")
        grants = allocations = 0
        average = 1 / len(gardens)
        for garden in gardens:
            nh = garden.naeringshage
            home = garden.municipalities[0]
            garden.grants = {year: {kind: [] for kind in Grant.Kind.values} for year in self.years}
            for year in self.years:
                options = levels[year]
                # Larger næringshager sit higher, with a step now and then.
                rank = min(
                    len(options) - 1,
                    max(0, int((1 - min(garden.size / average, 2) / 2) * len(options)))
                    + rng.choice([-1, 0, 0, 0, 1]),
                )
                rank = max(0, rank)
                level = options[rank]
                Placement.objects.create(
                    naeringshage=nh,
                    year=year,
                    level=level,
                    decision_date=date(year - 1, 12, 15),
                    rationale=GENERATED_NOTE,
                )
                self._grant(
                    garden, Grant.Kind.SIVA_FRAME, self.siva, year, year, level.yearly_amount
                )
                county = home.numbering_on(date(year, 12, 31)).county_id
                funder = self._county_funder(county, year, year)
                if funder is not None:
                    amount = Decimal(rng.randrange(6, 18) * 50_000) * Decimal(
                        str(round(max(garden.size / average, 0.5), 2))
                    )
                    self._grant(garden, Grant.Kind.REGIONAL_DEVELOPMENT, funder, year, year, amount)
            for number in range(rng.choice([1, 2, 2, 3])):
                first = rng.randrange(FIRST_YEAR, LAST_YEAR - 1)
                last = min(LAST_YEAR, first + rng.randrange(2, 5))
                county = home.numbering_on(date(first, 12, 31)).county_id
                funder = self._county_funder(county, first, last) or self.siva
                amount = Decimal(rng.randrange(10, 61) * 100_000)
                title = PROJECT_TITLES[(garden.index + number) % len(PROJECT_TITLES)]
                self._grant(garden, Grant.Kind.PROJECT, funder, first, last, amount, title=title)
        for garden in gardens:
            for kinds in garden.grants.values():
                for entries in kinds.values():
                    allocations += len(entries)
            grants = Grant.objects.for_naeringshage(garden.naeringshage).count() + grants
        self.summary.counts["grants"] = grants
        self.summary.counts["grant allocations"] = allocations

    def _county_funder(self, county_id: int, first: int, last: int) -> Funder | None:
        for funder in self.county_funders:
            if funder.county_id == county_id and funder.exists_in(first) and funder.exists_in(last):
                return funder
        return None

    def _grant(self, garden, kind, funder, first, last, amount, title="") -> None:
        grant = Grant.objects.create(
            naeringshage=garden.naeringshage,
            funder=funder,
            kind=kind,
            title=title,
            first_year=first,
            last_year=last,
            amount=amount,
            granted_on=date(first, 1, 15),
            note=GENERATED_NOTE,
        )
        years = list(range(first, last + 1))
        parts = split_evenly(amount, len(years))
        GrantAllocation.objects.bulk_create(
            GrantAllocation(grant=grant, year=year, amount=part)
            for year, part in zip(years, parts, strict=True)
        )
        for year, part in zip(years, parts, strict=True):
            garden.grants[year][kind].append([grant.pk, int(part * 100)])

    # -- companies ------------------------------------------------------------------

    def _companies(self, gardens: list[_Garden]) -> None:
        companies = _BulkTable(
            Company,
            ["naeringshage", "organisation_number", "name", "municipality", "address",
             "nace_code", "women_in_leadership", "created_at", "updated_at"],
        )  # fmt: skip
        contacts = _BulkTable(
            ContactPerson,
            ["company", "name", "role", "email", "phone", "updated_at"],
            parents=(companies,),
        )
        figures = _BulkTable(
            KeyFigures,
            ["company", "year", "employees", "revenue", "value_creation"],
            parents=(companies,),
        )
        enrolments = _BulkTable(
            Enrolment,
            ["company", "kind", "start_date", "end_date", "goals", "contract_reference",
             "created_at", "updated_at"],
            parents=(companies,),
        )  # fmt: skip
        counts = _apportion(self.scale.companies, [g.size for g in gardens])
        names = [
            (start, trade, ending)
            for ending in NAME_ENDINGS
            for start in NAME_STARTS
            for trade in NAME_TRADES
        ]
        for garden, count in zip(gardens, counts, strict=True):
            rng = _rng(self.seed, "companies", garden.index)
            chosen = rng.sample(range(len(names)), k=count)
            domain_municipalities = garden.municipalities
            home_weights = [4 if i < 2 else 1 for i in range(len(domain_municipalities))]
            for choice in chosen:
                start, (trade, nace), ending = names[choice]
                name = f"{start} {trade}{ending} AS"
                # Enrolled from 2012 on; those from before 2016 are still active then.
                joined = rng.choice(range(2012, LAST_YEAR + 1))
                first_year = max(joined, FIRST_YEAR)
                last_year = min(LAST_YEAR, first_year + rng.choice([1, 2, 3, 4, 6, 9, 12]) - 1)
                start_day = date(joined, 1, 1) + timedelta(days=rng.randrange(365))
                created = _moment(start_day, rng)
                municipality = rng.choices(domain_municipalities, weights=home_weights)[0]
                company_id = companies.add(
                    garden.naeringshage.pk,
                    _organisation_number(rng, self.orgnrs),
                    name,
                    municipality.pk,
                    f"{rng.choice(STREETS)} {rng.randrange(1, 60)}",
                    nace,
                    rng.choices(["yes", "no", "unknown"], weights=[4, 5, 1])[0],
                    created.isoformat(),
                    created.isoformat(),
                )
                person = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
                email = (
                    f"{_ascii(person.replace(' ', '.'))}@{_ascii(start + trade)}{choice}.example"
                )
                contacts.add(
                    company_id,
                    person,
                    "daglig leder",
                    email,
                    _phone(rng),
                    created.isoformat(),
                )
                if rng.random() < 0.4:
                    second = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
                    contacts.add(company_id, second, "styreleder", "", "", created.isoformat())
                self._enrol(rng, enrolments, company_id, start_day, last_year, created)
                employees = rng.randrange(1, 40)
                revenue = rng.randrange(400, 45_000) * 1000
                for year in range(first_year, last_year + 1):
                    figures.add(
                        company_id,
                        year,
                        employees,
                        revenue * 100,
                        revenue * rng.randrange(20, 55),
                    )
                    employees = max(1, employees + rng.choice([-1, 0, 0, 1, 2]))
                    revenue = revenue * rng.randrange(92, 125) // 100
                garden.companies.append(
                    _Company(
                        id=company_id,
                        name=name,
                        first_year=first_year,
                        last_year=last_year,
                        weight=min(rng.paretovariate(1.2), 60.0),
                        contact=person,
                        email=email,
                    )
                )
        for table in (companies, contacts, figures, enrolments):
            table.flush()
        self.summary.counts.update(
            companies=companies.written,
            contact_persons=contacts.written,
            key_figures=figures.written,
            enrolments=enrolments.written,
        )

    def _enrol(self, rng, enrolments, company_id, start_day, last_year, created) -> None:
        """One to three enrolments one after the other: never two at once."""
        pattern = rng.choices(
            [["target"], ["other", "target"], ["member"], ["member", "target", "member"]],
            weights=[50, 20, 20, 10],
        )[0]
        end_of_all = date(last_year, 12, 31) if last_year < LAST_YEAR else None
        day = start_day
        for position, kind in enumerate(pattern):
            is_last = position == len(pattern) - 1
            if is_last:
                end = end_of_all
            else:
                end = day + timedelta(days=rng.randrange(120, 500))
                if end_of_all is not None and end >= end_of_all:
                    end = end_of_all
                    is_last = True
            enrolments.add(
                company_id,
                kind,
                day,
                end,
                rng.choice(["Økt omsetning gjennom nye markeder.", "Profesjonalisere styret.", ""]),
                f"NH-{day.year}-{rng.randrange(1, 999):03d}" if kind == "target" else "",
                created.isoformat(),
                created.isoformat(),
            )
            if is_last or end is None:
                return
            day = end + timedelta(days=1)

    # -- events ---------------------------------------------------------------------

    def _events(self, gardens: list[_Garden]) -> None:
        events = _BulkTable(
            Event,
            ["naeringshage", "title", "kind", "starts_at", "ends_at", "municipality", "venue",
             "responsible", "description", "created_at", "updated_at"],
        )  # fmt: skip
        participants = _BulkTable(
            Participant, ["event", "name", "company", "email", "created_at"], parents=(events,)
        )
        average = 1 / len(gardens)
        for garden in gardens:
            rng = _rng(self.seed, "events", garden.index)
            per_year = max(2, round(self.scale.events_per_year * garden.size / average))
            for year in self.years:
                active = [c for c in garden.companies if c.first_year <= year <= c.last_year]
                for _ in range(per_year):
                    kind, title = rng.choice(EVENT_TITLES)
                    day = date(year, 1, 10) + timedelta(days=rng.randrange(340))
                    starts = datetime.combine(day, time(rng.choice([9, 12, 18])), tzinfo=OSLO)
                    municipality = rng.choice(garden.municipalities)
                    event_id = events.add(
                        garden.naeringshage.pk,
                        title,
                        kind,
                        starts.isoformat(),
                        (starts + timedelta(hours=rng.choice([2, 3, 4, 6]))).isoformat(),
                        municipality.pk,
                        f"Kulturhuset i {municipality.slug.title()}",
                        rng.choice(garden.staff),
                        "Faglig innlegg, erfaringsdeling og nettverk.",
                        starts.isoformat(),
                        starts.isoformat(),
                    )
                    came = rng.sample(active, k=min(len(active), rng.randrange(5, 30)))
                    for company in came:
                        participants.add(
                            event_id, company.contact, company.id, company.email, starts.isoformat()
                        )
                    for guest in range(rng.randrange(0, 4)):
                        participants.add(
                            event_id, f"Gjest {guest + 1}", None, "", starts.isoformat()
                        )
        events.flush()
        participants.flush()
        self.summary.counts.update(events=events.written, participants=participants.written)

    # -- services -------------------------------------------------------------------

    def _rate_on(self, day: date) -> Decimal:
        index = (
            bisect_right([d for d, _r in self.rates], day) - 1
        )  # the latest from `day` or before
        return self.rates[index][1]

    def _eur_cents(self, day: date, subsidy: int, rate_by_day: dict) -> int:
        """A subsidy in øre as whole euro cents, halves up, as round_nok(subsidy / rate)."""
        if day not in rate_by_day:
            nok = self._rate_on(day)
            rate_by_day[day] = (str(nok), int(nok * 10_000))
        nok_int = rate_by_day[day][1]
        return (subsidy * 20_000 + nok_int) // (2 * nok_int)

    def _exception_on(self, day: date) -> OwnShareException | None:
        for exception in self.exceptions:
            if exception.valid_from <= day and (
                exception.valid_to is None or day <= exception.valid_to
            ):
                return exception
        return None

    def _services(self, gardens: list[_Garden]) -> None:
        table = _BulkTable(
            PricedService,
            ["naeringshage", "company", "adviser", "service_type", "date", "description",
             "hours", "hourly_rate", "fixed_price", "price", "own_share", "subsidy", "grant",
             "own_share_exception", "exception_reason", "nok_per_eur", "subsidy_eur",
             "submission_id", "created_at", "created_by", "updated_at", "voided_at",
             "voided_by", "void_reason"],
        )  # fmt: skip
        types = [
            (self.service_types[slug], weight)
            for slug, weight in SERVICE_TYPE_WEIGHTS.items()
            if slug in self.service_types
        ]
        type_cum = list(accumulate(w for _t, w in types))
        month_cum = list(accumulate(MONTH_WEIGHTS))
        per_garden = _apportion(self.scale.services, [g.size for g in gardens])
        year_weights = list(_year_weights().values())
        per_year = [_apportion(total, year_weights) for total in per_garden]
        for year in self.years:
            rows: list[tuple] = []
            rate_by_day: dict[date, tuple[str, int]] = {}
            minimum = self.rule_share[year]
            for garden in gardens:
                rng = _rng(self.seed, "services", garden.index, year)
                count = per_year[garden.index][year - FIRST_YEAR]
                active = [c for c in garden.companies if c.first_year <= year <= c.last_year]
                if not active or count == 0:
                    continue
                company_cum = list(accumulate(c.weight for c in active))
                # Drafts first, in date order, so that a grant runs out late in the year.
                drafts = []
                for company in rng.choices(active, cum_weights=company_cum, k=count):
                    month = bisect_right(month_cum, rng.random() * month_cum[-1]) + 1
                    day = date(year, month, 1) + timedelta(days=rng.randrange(28))
                    if day.weekday() >= 5:  # to the Monday after, in the same month
                        day += timedelta(days=7 - day.weekday())
                    drafts.append((day, rng.random(), company))
                drafts.sort(key=lambda draft: (draft[0], draft[1]))
                room = {
                    kind: [list(entry) for entry in entries]
                    for kind, entries in garden.grants[year].items()
                }
                for day, _tie, company in drafts:
                    service_type = types[bisect_right(type_cum, rng.random() * type_cum[-1])][0]
                    if service_type.slug in FIXED_PRICE_TYPES and rng.random() < 0.6:
                        hours = rate = None
                        fixed = rng.choice(FIXED_PRICES) * 100
                        price = fixed
                    else:
                        fixed = None
                        half_hours = rng.choice(HALF_HOURS)
                        hours = half_hours * 50  # hundredths of an hour
                        rate = (900 + 25 * (year - FIRST_YEAR) + rng.randrange(0, 7) * 50) * 100
                        price = half_hours * rate // 2
                    line = rng.choices(
                        [
                            Grant.Kind.SIVA_FRAME,
                            Grant.Kind.REGIONAL_DEVELOPMENT,
                            Grant.Kind.PROJECT,
                            None,
                        ],
                        weights=[65, 12, 8, 15],
                    )[0]
                    grant_id = exception_id = None
                    reason = ""
                    own_share = price
                    if line is not None and room[line]:
                        entry = rng.choice(room[line])
                        share = rng.choice([25, 25, 25, 30, 40, 50])
                        exception = None
                        if line == Grant.Kind.SIVA_FRAME:
                            share = max(share, int(minimum * 100 + Decimal("0.9999")))
                            exception = self._exception_on(day)
                            if exception is not None and rng.random() < 0.15:
                                share = int(exception.minimum_share * 100)
                            else:
                                exception = None
                        candidate = -(-price * share // 100)  # rounded up to whole øre
                        eur = self._eur_cents(day, price - candidate, rate_by_day)
                        aid = company.aid
                        window = sum(aid.get(y, 0) for y in range(year - 3, year + 1))
                        if price - candidate <= entry[1] and window + eur <= self.aid_ceiling:
                            entry[1] -= price - candidate
                            aid[year] = aid.get(year, 0) + eur
                            grant_id = entry[0]
                            own_share = candidate
                            if exception is not None:
                                exception_id = exception.pk
                                reason = COVID_REASON
                    subsidy = price - own_share
                    if subsidy:
                        nok_text = rate_by_day[day][0]
                        subsidy_eur = self._eur_cents(day, subsidy, rate_by_day)
                    else:
                        nok_text, subsidy_eur = None, 0
                    adviser = rng.choice(garden.staff)
                    created = _moment(day, rng)
                    voided = rng.random() < 0.01
                    rows.append(
                        (
                            day,
                            rng.random(),
                            (
                                garden.naeringshage.pk, company.id, adviser, service_type.pk,
                                day, rng.choice(DESCRIPTIONS), hours, rate, fixed, price,
                                own_share, subsidy, grant_id, exception_id, reason, nok_text,
                                subsidy_eur,
                                uuid.UUID(int=rng.getrandbits(128), version=4)
                                if rng.random() < 0.9
                                else None,
                                created.isoformat(), adviser, created.isoformat(),
                                (created + timedelta(days=3)).isoformat() if voided else None,
                                garden.manager if voided else None,
                                VOID_REASON if voided else "",
                            ),
                        )
                    )  # fmt: skip
            # All næringshager record at once: rows are stored in date order, interleaved.
            rows.sort(key=lambda row: (row[0], row[1]))
            for _day, _tie, values in rows:
                table.add(*values)
            table.flush()
            self.log(f"  {year}: {len(rows)} services")
        self.summary.counts["services"] = table.written

    # -- all of it ------------------------------------------------------------------

    def run(self) -> Summary:
        self._load_reference()
        with transaction.atomic():
            if connection.vendor == "postgresql":
                # Check foreign keys as each batch is written, not all at the commit.
                with connection.cursor() as cursor:
                    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            gardens = self._gardens()
            self._staff(gardens)
            self._money(gardens)
            self.log("Organisation, staff and grants ready; companies …")
            self._companies(gardens)
            self.log(f"  {self.summary.counts['companies']} companies; events …")
            self._events(gardens)
            self.log(f"  {self.summary.counts['events']} events; services …")
            self._services(gardens)
            models_written = [
                Company, ContactPerson, KeyFigures, Enrolment, Event, Participant, PricedService
            ]  # fmt: skip
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), models_written):
                    cursor.execute(sql)
            page_cache.mark_changed()  # rows written by COPY send no signal
        if connection.vendor == "postgresql":
            # Fresh statistics, so that the planner knows the tables' new sizes at once.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        return self.summary


def generate(*, scale: str, seed: int, log: Callable[[str], None] = lambda _m: None) -> Summary:
    """Generate the data set of `scale` from `seed` (see the module's docstring)."""
    return Generator(scale=scale, seed=seed, log=log).run()


# --- Checksums -------------------------------------------------------------------------

CHECKSUM_QUERIES: dict[str, tuple[type[models.Model], str, list[str]]] = {
    "companies": (
        Company,
        "naeringshage__slug",
        ["naeringshage__slug", "organisation_number", "name", "municipality__slug", "address",
         "nace_code", "women_in_leadership"],
    ),
    "enrolments": (
        Enrolment,
        "company__naeringshage__slug",
        ["company__organisation_number", "kind", "start_date", "end_date", "contract_reference"],
    ),
    "key_figures": (
        KeyFigures,
        "company__naeringshage__slug",
        ["company__organisation_number", "year", "employees", "revenue", "value_creation"],
    ),
    "events": (
        Event,
        "naeringshage__slug",
        ["naeringshage__slug", "title", "starts_at", "municipality__slug", "responsible__username"],
    ),
    "participants": (
        Participant,
        "event__naeringshage__slug",
        ["event__naeringshage__slug", "event__starts_at", "event__title", "name",
         "company__organisation_number", "email"],
    ),
    "grants": (
        GrantAllocation,
        "grant__naeringshage__slug",
        ["grant__naeringshage__slug", "grant__kind", "grant__funder__slug", "grant__title",
         "grant__first_year", "year", "amount"],
    ),
    "services": (
        PricedService,
        "naeringshage__slug",
        ["naeringshage__slug", "company__organisation_number", "adviser__username",
         "service_type__slug", "date", "description", "hours", "hourly_rate", "fixed_price",
         "price", "own_share", "subsidy", "grant__kind", "grant__first_year", "grant__title",
         "exception_reason", "nok_per_eur", "subsidy_eur", "submission_id", "void_reason"],
    ),
}  # fmt: skip


def _digest(rows: Iterable[tuple]) -> str:
    lines = sorted("\x1f".join("" if v is None else str(v) for v in row) for row in rows)
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()[:16]


def checksums() -> dict[str, str]:
    """A short hash of each kind of generated row, by natural keys (not ids or
    timestamps): the same seed gives the same hashes on any database."""
    result = {}
    for name, (model, scope, values) in CHECKSUM_QUERIES.items():
        rows = model.objects.filter(**{f"{scope}__startswith": SLUG_PREFIX}).values_list(*values)
        result[name] = _digest(rows.iterator(chunk_size=5_000))
    return result
