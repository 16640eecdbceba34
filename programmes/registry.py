"""Brønnøysund's open registers (no key): Enhetsregisteret, the register of legal
entities (one unit by its organisation number, and the update feed), and
Regnskapsregisteret, the register of annual accounts (a unit's latest filed accounts).

`GET {BRREG_URL}/enhetsregisteret/api/enheter/{number}` answers 200 with the unit, 404
when the register never had the number, and 410 when the unit is deleted (its body
then says little more than the date, `slettedato`). The base URL is a setting
(`BRREG_URL`: the public API; tests point it at a stand-in server on the loopback
address) and so is the time the register may take (`BRREG_TIMEOUT`, seconds).

An answer is read into a `Unit`, a plain value that is kept with the company as the
register gave it (`Unit.as_data()` and back), so a page shows what the register said
and when without asking it again. Anything that is not such an answer (no connection,
a timeout, a server error, a body that is not the register's JSON) raises
`RegistryUnavailable` with a reason to show: the staff then type the company as before.

`GET {BRREG_URL}/regnskapsregisteret/regnskap/{number}` answers a list of the unit's
latest filed accounts (the company's own and, for a parent, its group's), or 404 (or an
empty list) when none is filed; it is read into `Accounts`.
"""

from dataclasses import asdict, dataclass, fields
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation

import httpx
from django.conf import settings
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext_lazy as _

from core.dates import FIRST_DAY, LAST_DAY
from programmes.models import Company
from programmes.organisation_numbers import format_organisation_number

Status = Company.RegistryStatus

ACCEPT = "application/json"
ENHETSREGISTERET = "Enhetsregisteret"
REGNSKAPSREGISTERET = "Regnskapsregisteret"
# Connection failures (refused, reset before an answer) are tried again by the transport.
RETRIES = 2


class RegistryUnavailable(Exception):
    """The register gave no answer to use; `reason` says why, for the page."""

    def __init__(self, reason):
        super().__init__(str(reason))
        self.reason = reason


@dataclass(frozen=True)
class Unit:
    """What the register says of an organisation number."""

    organisation_number: str
    status: str  # a Company.RegistryStatus
    name: str = ""
    organisation_form: str = ""  # the code, such as "AS"
    organisation_form_name: str = ""  # "Aksjeselskap"
    nace_code: str = ""
    nace_name: str = ""
    registered_on: date | None = None  # registreringsdatoEnhetsregisteret
    founded_on: date | None = None  # stiftelsesdato
    # The register shows no count from 1 to 4: then `employees` is None and
    # `employees_hidden` is set.
    employees: int | None = None
    employees_hidden: bool = False
    address: str = ""  # the business address on one line
    municipality_number: str = ""  # kommunenummer, such as "5025"
    status_date: date | None = None  # of the bankruptcy, dissolution or deletion

    @property
    def found(self) -> bool:
        return self.status != Status.NOT_FOUND

    @property
    def organisation_number_display(self) -> str:
        return format_organisation_number(self.organisation_number)

    @property
    def status_text(self) -> str:
        """The status in words, with its date where the register gives one."""
        label = str(Status(self.status).label).capitalize()
        if self.status_date is None:
            return label
        return _("%(status)s since %(date)s") % {
            "status": label,
            "date": date_format(self.status_date, "SHORT_DATE_FORMAT"),
        }

    def as_data(self) -> dict:
        """As JSON can hold it (dates as ISO text)."""
        return {
            key: value.isoformat() if isinstance(value, date) else value
            for key, value in asdict(self).items()
        }

    @classmethod
    def from_data(cls, data: dict) -> "Unit":
        known = {field.name: field for field in fields(cls)}
        values = {key: value for key, value in data.items() if key in known}
        for key in ("registered_on", "founded_on", "status_date"):
            if values.get(key):
                values[key] = date.fromisoformat(values[key])
        return cls(**values)


def client() -> httpx.Client:
    """A connection to the register, kept for several requests (the sync's)."""
    return httpx.Client(
        base_url=settings.BRREG_URL,
        timeout=settings.BRREG_TIMEOUT,
        transport=httpx.HTTPTransport(retries=RETRIES),
        headers={"Accept": ACCEPT, "User-Agent": "naeringshage"},
    )


def _get(
    connection: httpx.Client | None, path: str, *, answers: tuple[int, ...] = (200,),
    register: str = ENHETSREGISTERET, **params,
) -> httpx.Response:  # fmt: skip
    """The register's answer to a GET, on `connection` or one of its own. Raises
    RegistryUnavailable on a timeout, no connection, or a status not in `answers`."""
    try:
        if connection is not None:
            response = connection.get(path, params=params or None)
        else:
            with client() as own:
                response = own.get(path, params=params or None)
    except httpx.TimeoutException as error:
        raise RegistryUnavailable(
            _("%(register)s did not answer within %(seconds)s seconds.")
            % {"register": register, "seconds": number_format(settings.BRREG_TIMEOUT)}
        ) from error
    except httpx.HTTPError as error:
        raise RegistryUnavailable(
            _("%(register)s cannot be reached just now.") % {"register": register}
        ) from error
    if response.status_code not in answers:
        raise RegistryUnavailable(
            _("%(register)s answered with an error (%(status)s).")
            % {"register": register, "status": response.status_code}
        )
    return response


def _unreadable(register: str = ENHETSREGISTERET) -> RegistryUnavailable:
    return RegistryUnavailable(
        _("%(register)s's answer could not be read.") % {"register": register}
    )


def fetch_unit(organisation_number: str, *, connection: httpx.Client | None = None) -> Unit:
    """The unit with this (valid, compact) organisation number, as the register has it
    now. Raises RegistryUnavailable when the register cannot say."""
    response = _get(
        connection, f"/enhetsregisteret/api/enheter/{organisation_number}", answers=(200, 404, 410)
    )
    if response.status_code == 404:
        return Unit(organisation_number, Status.NOT_FOUND)
    try:
        return read_unit(response.json(), organisation_number, deleted=response.status_code == 410)
    except (ValueError, TypeError, AttributeError, KeyError) as error:
        raise _unreadable() from error


# Numbers asked at once by the search (`organisasjonsnummer=a,b,…`).
NUMBERS_AT_ONCE = 100


def fetch_units(
    numbers: list[str], *, connection: httpx.Client | None = None,
    into: dict[str, Unit] | None = None,
) -> dict[str, Unit]:  # fmt: skip
    """The units with these numbers, as the register has them now, by number: asked
    NUMBERS_AT_ONCE at a time by the register's search, and one by one for those the
    search does not give (deleted, or never there). Raises RegistryUnavailable when the
    register cannot say; `into` then holds those it did answer."""
    units: dict[str, Unit] = {} if into is None else into
    for start in range(0, len(numbers), NUMBERS_AT_ONCE):
        batch = numbers[start : start + NUMBERS_AT_ONCE]
        response = _get(
            connection, "/enhetsregisteret/api/enheter",
            organisasjonsnummer=",".join(batch), size=len(batch),
        )  # fmt: skip
        try:
            entries = (response.json().get("_embedded") or {}).get("enheter") or []
            for entry in entries:
                number = _text(entry["organisasjonsnummer"])
                if number in batch:
                    units[number] = read_unit(entry, number)
        except (ValueError, TypeError, AttributeError, KeyError) as error:
            raise _unreadable() from error
    for number in numbers:
        if number not in units:
            units[number] = fetch_unit(number, connection=connection)
    return units


@dataclass(frozen=True)
class Update:
    """One entry of the register's update feed: a unit new, changed or deleted."""

    update_id: int  # oppdateringsid, rising
    organisation_number: str
    change: str  # endringstype: "Ny", "Endring", "Sletting", "Fjernet", "Ukjent"


@dataclass(frozen=True)
class UpdatePage:
    updates: list[Update]
    more: bool  # a next page follows


def fetch_updates(
    after_id: int, *, since: datetime | None = None, size: int = 1000, page: int = 0,
    connection: httpx.Client | None = None,
) -> UpdatePage:  # fmt: skip
    """A page of the update feed (`/enhetsregisteret/api/oppdateringer/enheter`): the
    updates after `after_id`, or, with none seen yet, those since `since`. Raises
    RegistryUnavailable when the register cannot say."""
    params: dict = {"size": size, "page": page}
    if after_id:
        params["oppdateringsid"] = after_id + 1
    else:
        params["dato"] = (
            (since or datetime.now(UTC)).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")
        )
    response = _get(connection, "/enhetsregisteret/api/oppdateringer/enheter", **params)
    try:
        data = response.json()
        entries = (data.get("_embedded") or {}).get("oppdaterteEnheter") or []
        updates = [
            Update(int(entry["oppdateringsid"]), _text(entry["organisasjonsnummer"]),
                   _text(entry.get("endringstype")))
            for entry in entries
        ]  # fmt: skip
        more = "next" in (data.get("_links") or {})
    except (ValueError, TypeError, AttributeError, KeyError) as error:
        raise _unreadable() from error
    return UpdatePage(updates, more and bool(updates))


@dataclass(frozen=True)
class UnitPage:
    """A page of the register's search for units."""

    units: list[Unit]
    total: int  # units found in all
    pages: int  # pages of this size (the register gives no more than SEARCH_LIMIT units)


# The register's search gives no more than this many units, however they are paged.
SEARCH_LIMIT = 10_000


def search_new_units(
    municipality_numbers: list[str], registered_from: date, registered_to: date, *,
    page: int = 0, size: int = 50, connection: httpx.Client | None = None,
) -> UnitPage:  # fmt: skip
    """The units registered in Enhetsregisteret between the two days (both counted)
    whose business address is in one of the municipalities, newest first: a page of
    them, and how many there are. Raises RegistryUnavailable when the register cannot
    say."""
    params = {
        "kommunenummer": ",".join(municipality_numbers),
        "fraRegistreringsdatoEnhetsregisteret": registered_from.isoformat(),
        "tilRegistreringsdatoEnhetsregisteret": registered_to.isoformat(),
        "sort": "registreringsdatoEnhetsregisteret,DESC",
        "size": size,
        "page": page,
    }
    response = _get(connection, "/enhetsregisteret/api/enheter", **params)
    try:
        data = response.json()
        entries = (data.get("_embedded") or {}).get("enheter") or []
        units = [read_unit(entry, _text(entry["organisasjonsnummer"])) for entry in entries]
        total = int((data.get("page") or {}).get("totalElements") or 0)
    except (ValueError, TypeError, AttributeError, KeyError) as error:
        raise _unreadable() from error
    reachable = min(total, SEARCH_LIMIT)
    return UnitPage(units, total, -(-reachable // size))


def _day(text) -> date | None:
    """A date of the register ("2017-10-20"; "" or absent: none). One outside the
    product's range of dates is not kept."""
    if not text:
        return None
    day = date.fromisoformat(text)
    return day if FIRST_DAY <= day <= LAST_DAY else None


def _text(value) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise TypeError(f"text expected, not {type(value).__name__}")
    return " ".join(value.split())


def _address(data: dict) -> tuple[str, str]:
    """(The business address on one line, its municipality number); the postal address
    when the unit has no business address."""
    address = data.get("forretningsadresse") or data.get("postadresse") or {}
    lines = [_text(line) for line in address.get("adresse") or []]
    place = " ".join(part for part in (_text(address.get("postnummer")),
                                       _text(address.get("poststed"))) if part)  # fmt: skip
    if address.get("landkode") not in (None, "", "NO"):
        place = ", ".join(part for part in (place, _text(address.get("land"))) if part)
    return ", ".join(line for line in [*lines, place] if line), _text(address.get("kommunenummer"))


def read_unit(data: dict, organisation_number: str, *, deleted: bool = False) -> Unit:
    """A unit from the register's JSON (`enhet`, v2). Raises ValueError, TypeError or
    KeyError on a body of another shape."""
    if not isinstance(data, dict):
        raise TypeError("a JSON object expected")
    if _text(data.get("organisasjonsnummer")) not in ("", organisation_number):
        raise ValueError("the answer is about another organisation number")
    form = data.get("organisasjonsform") or {}
    nace = data.get("naeringskode1") or {}
    address, municipality_number = _address(data)
    employees = data.get("antallAnsatte")
    if employees is not None and (not isinstance(employees, int) or employees < 0):
        raise ValueError("employees is not a count")
    deleted_on = _day(data.get("slettedato"))
    if deleted or deleted_on:
        status, status_date = Status.DELETED, deleted_on
    elif data.get("konkurs"):
        status, status_date = Status.BANKRUPT, _day(data.get("konkursdato"))
    elif data.get("underTvangsavviklingEllerTvangsopplosning"):
        status, status_date = (
            Status.FORCED_DISSOLUTION,
            _day(data.get("tvangsavvikletPgaManglendeSlettingDato")),
        )
    elif data.get("underAvvikling"):
        status, status_date = Status.DISSOLVING, _day(data.get("underAvviklingDato"))
    else:
        status, status_date = Status.ACTIVE, None
    return Unit(
        organisation_number=organisation_number,
        status=status,
        name=_text(data.get("navn"))[:200],
        organisation_form=_text(form.get("kode"))[:10],
        organisation_form_name=_text(form.get("beskrivelse")),
        nace_code=_text(nace.get("kode"))[:6],
        nace_name=_text(nace.get("beskrivelse")),
        registered_on=_day(data.get("registreringsdatoEnhetsregisteret")),
        founded_on=_day(data.get("stiftelsesdato")),
        employees=employees,
        employees_hidden=employees is None and bool(data.get("harRegistrertAntallAnsatte")),
        address=address[:300],
        municipality_number=municipality_number,
        status_date=status_date,
    )


# --- Regnskapsregisteret ----------------------------------------------------------------


@dataclass(frozen=True)
class Accounts:
    """A unit's annual accounts for a year, as Regnskapsregisteret has them: the figures
    the product keeps (kroner; None where the accounts give none)."""

    organisation_number: str
    year: int  # of the period's last day
    period_start: date
    period_end: date
    currency: str = "NOK"
    revenue: Decimal | None = None  # sumDriftsinntekter
    operating_result: Decimal | None = None  # driftsresultat
    wage_costs: Decimal | None = None  # loennskostnad
    annual_result: Decimal | None = None  # aarsresultat
    journal: str = ""  # journalnr, the filing's own number
    data: dict | None = None  # the register's entry as given (JSON)


# The largest amount a key figure holds (14 digits, 2 of them øre).
LARGEST_AMOUNT = Decimal("999999999999.99")


def _amount(value) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise TypeError("an amount expected")
    try:
        # A float's shortest form is the figure as the register wrote it.
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except InvalidOperation as error:
        raise ValueError("not an amount") from error
    if abs(amount) > LARGEST_AMOUNT:
        raise ValueError("an amount too large to keep")
    return amount


def read_accounts(entry: dict, organisation_number: str) -> Accounts:
    """Accounts from one entry of Regnskapsregisteret's JSON. Raises ValueError,
    TypeError, KeyError or AttributeError on an entry of another shape."""
    if not isinstance(entry, dict):
        raise TypeError("a JSON object expected")
    unit = entry.get("virksomhet") or {}
    if _text(unit.get("organisasjonsnummer")) not in ("", organisation_number):
        raise ValueError("the accounts are of another organisation number")
    period = entry["regnskapsperiode"]
    start, end = _day(period.get("fraDato")), _day(period.get("tilDato"))
    if start is None or end is None or start > end:
        raise ValueError("no period the product can keep")
    result = entry.get("resultatregnskapResultat") or {}
    operating = result.get("driftsresultat") or {}
    return Accounts(
        organisation_number=organisation_number,
        year=end.year,
        period_start=start,
        period_end=end,
        currency=_text(entry.get("valuta")) or "NOK",
        revenue=_amount((operating.get("driftsinntekter") or {}).get("sumDriftsinntekter")),
        operating_result=_amount(operating.get("driftsresultat")),
        wage_costs=_amount((operating.get("driftskostnad") or {}).get("loennskostnad")),
        annual_result=_amount(result.get("aarsresultat")),
        journal=_text(str(entry.get("journalnr") or "")),
        data=entry,
    )


def fetch_accounts(
    organisation_number: str, *, connection: httpx.Client | None = None
) -> Accounts | None:
    """The latest annual accounts the unit filed (its own, not its group's), or None
    when Regnskapsregisteret has none. Raises RegistryUnavailable when it cannot say."""
    response = _get(
        connection,
        f"/regnskapsregisteret/regnskap/{organisation_number}",
        answers=(200, 404),
        register=REGNSKAPSREGISTERET,
    )
    if response.status_code == 404:
        return None
    try:
        entries = response.json()
        if not isinstance(entries, list):
            raise TypeError("a JSON list expected")
        own = [
            entry for entry in entries
            if isinstance(entry, dict) and entry.get("regnskapstype", "SELSKAP") == "SELSKAP"
        ]  # fmt: skip
        found = [read_accounts(entry, organisation_number) for entry in own]
    except (ValueError, TypeError, AttributeError, KeyError) as error:
        raise _unreadable(REGNSKAPSREGISTERET) from error
    return max(found, key=lambda accounts: accounts.period_end, default=None)
