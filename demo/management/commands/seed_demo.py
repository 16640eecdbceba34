"""Create the demo users (one per role) with known passwords and, once the reference
data is loaded, a clearly fictional set of companies, events, grants and services for
Rørosregionen from 2016 up to today, so that a new installation shows a living product
that opens on this year's figures. 2016 up to the year before last are closed through
the year closing; last year and this year stay open.

Only for a demo or a developer's machine: refused unless DEBUG is on or the operator
says --i-know-this-is-demo. Running it twice changes nothing.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from accounts import roles
from accounts.two_factor.permissions import two_factor_required
from demo.companies import demo_companies, demo_intake, demo_key_figures
from demo.events import demo_events
from demo.funding import demo_grants, demo_large_award, demo_targets
from demo.services import demo_services
from demo.timeline import closed_through, demo_years, stream
from demo.two_factor import DEMO_TOTP_SECRET, demo_authenticator_app_set
from funding.models import YearClosing
from programmes.models import Naeringshage
from programmes.services import staff_membership_set
from reports.snapshots import close_year

# The næringshage the demo users work for, once `load_reference_data` has loaded it.
DEMO_NAERINGSHAGE = "rorosregionen"


@dataclass(frozen=True)
class DemoUser:
    username: str
    password: str
    first_name: str
    last_name: str
    role: str
    is_staff: bool = False
    is_superuser: bool = False


DEMO_USERS = (
    DemoUser("radgiver", "demo-radgiver", "Kari", "Rådgiver", roles.ADVISER),
    DemoUser("leder", "demo-leder", "Ola", "Leder", roles.MANAGER),
    DemoUser(
        "admin",
        "demo-admin",
        "Anne",
        "Administrator",
        roles.ADMINISTRATOR,
        is_staff=True,
        is_superuser=True,
    ),
)


class Command(BaseCommand):
    help = (
        "Create one demo user per role with a known password, and fictional companies, "
        "events, grants and services from 2016 up to today, the years up to the year "
        "before last closed (demo installations only)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--i-know-this-is-demo",
            action="store_true",
            help="Allow demo users although DEBUG is off (a demo server, never production).",
        )

    def handle(self, *args, **options):
        if not (settings.DEBUG or options["i_know_this_is_demo"]):
            raise CommandError(
                "Refusing to create demo users with known passwords: DEBUG is off. "
                "Pass --i-know-this-is-demo if this really is a demo installation."
            )
        created = seed_demo_users()
        self.stdout.write("Demo users (username, password, role):")
        for demo in DEMO_USERS:
            self.stdout.write(f"  {demo.username:<10} {demo.password:<16} {demo.role}")
        self.stdout.write(f"Demo users ready ({created} new).")
        self.stdout.write(
            f"The manager and the administrator log in with two-factor: add the key "
            f"{DEMO_TOTP_SECRET} to an authenticator app (time-based, 6 digits), or print "
            f"the current code with: python manage.py demo_totp_code leder"
        )
        data = seed_demo_data()
        if data is None:
            self.stdout.write("No demo data: run load_reference_data first.")
            return
        closed = f"{data.closed[0]}–{data.closed[-1]}" if data.closed else "none"
        self.stdout.write(
            f"Demo companies, events, grants and services ready for "
            f"{data.years[0]}–{data.years[-1]} ({data.services} new services; "
            f"years closed now: {closed})."
        )


@dataclass(frozen=True)
class DemoData:
    """What a run made: the years the demo covers, the services recorded and the years
    closed by this run."""

    years: range
    services: int
    closed: list[int]


def seed_demo_data() -> DemoData | None:
    """Fictional companies, events, grants and services for the demo næringshage, every
    year from 2016 up to today; 2016 up to the year before last closed.

    Each year is made in one transaction, and only what is missing: a year that has
    services, events or grants keeps them, and a year that has been closed (even if
    reopened since) is left as it is. So running it again changes nothing, and running
    it in a later year adds that year. None without the reference data.
    """
    naeringshage = Naeringshage.objects.filter(slug=DEMO_NAERINGSHAGE).first()
    if naeringshage is None:
        return None
    today = timezone.localdate()
    User = get_user_model()
    staff = User.objects.filter(
        username__in=[d.username for d in DEMO_USERS if d.role != roles.ADMINISTRATOR]
    ).order_by("username")
    advisers = list(staff)
    manager = staff.filter(groups__name=roles.MANAGER).first()
    companies = demo_companies(naeringshage=naeringshage, rng=stream("companies"))
    ever_closed = set(
        YearClosing.objects.for_naeringshage(naeringshage).values_list("year", flat=True)
    )
    services, closed = 0, []
    for year in demo_years(today):
        if year in ever_closed:
            continue
        with transaction.atomic():
            demo_grants(naeringshage=naeringshage, year=year)
            demo_intake(naeringshage=naeringshage, companies=companies, year=year, today=today)
            demo_key_figures(companies=companies, year=year)
            demo_events(
                naeringshage=naeringshage,
                advisers=advisers,
                companies=companies,
                year=year,
                today=today,
            )
            services += demo_services(
                naeringshage=naeringshage,
                companies=companies,
                advisers=advisers,
                year=year,
                today=today,
            )
            if demo_large_award(
                naeringshage=naeringshage, companies=companies, adviser=manager, year=year
            ):
                services += 1
            demo_targets(naeringshage=naeringshage, year=year, today=today)
            if year <= closed_through(today) and manager is not None:
                close_year(naeringshage=naeringshage, year=year, closed_by=manager)
                closed.append(year)
    return DemoData(demo_years(today), services, closed)


@transaction.atomic
def seed_demo_users() -> int:
    User = get_user_model()
    created_count = 0
    naeringshage = Naeringshage.objects.filter(slug=DEMO_NAERINGSHAGE).first()
    for demo in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=demo.username,
            defaults={
                "first_name": demo.first_name,
                "last_name": demo.last_name,
                "is_staff": demo.is_staff,
                "is_superuser": demo.is_superuser,
            },
        )
        created_count += created
        # Only touch the password when it differs: re-hashing would change the row.
        if created or not user.check_password(demo.password):
            user.set_password(demo.password)
            user.save(update_fields=["password"])
        user.groups.add(Group.objects.get(name=demo.role))
        if naeringshage is not None:
            staff_membership_set(user=user, naeringshage=naeringshage)
        if two_factor_required(user):
            # The published demo key: see demo/two_factor.py.
            demo_authenticator_app_set(user=user)
    return created_count
