"""The generated næringshager (`gen-01`, …), their offices and regions, and their staff:
a manager `leder-NN` and one or more advisers `radgiver-NN`, with known passwords."""

from datetime import date, datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from accounts import roles
from demo.generate.fiction import FIRST_NAMES, GARDEN_NAMES, organisation_number, stream
from demo.generate.run import Garden, Run
from demo.generate.scale import FIRST_YEAR, OSLO, SLUG_PREFIX, size_weights
from demo.two_factor import demo_authenticator_app_set
from programmes.models import Naeringshage, Office, RegionMembership, StaffMembership

MANAGER_PASSWORD = "generert-leder"  # noqa: S105 - documented password of generated test data
ADVISER_PASSWORD = "generert-radgiver"  # noqa: S105 - documented password of generated test data


def gardens_create(run: Run) -> list[Garden]:
    rng = stream(run.seed, "gardens")
    sizes = size_weights(run.scale.naeringshager)
    municipalities = run.reference.municipalities
    gardens = []
    for index in range(run.scale.naeringshager):
        number = index + 1
        place = GARDEN_NAMES[index % len(GARDEN_NAMES)]
        naeringshage = Naeringshage.objects.create(
            slug=f"{SLUG_PREFIX}{number:02d}",
            name=f"{place} Næringshage {number:02d} AS",
            organisation_number=organisation_number(rng, run.orgnrs),
            programme=run.reference.programme,
        )
        region = rng.sample(municipalities, k=min(len(municipalities), 3 + index % 4))
        gardens.append(
            Garden(index=index, naeringshage=naeringshage, size=sizes[index], municipalities=region)
        )
        _offices_and_region(naeringshage, index, region)
    run.summary.counts["næringshager"] = len(gardens)
    return gardens


def _offices_and_region(naeringshage: Naeringshage, index: int, region: list) -> None:
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
            valid_from=date(2011, 7, 1) if position < 2 else date(2014 + position % 3, 1, 1),
        )
        for position, m in enumerate(region)
    )


def staff_create(run: Run, gardens: list[Garden]) -> None:
    """A manager and one or more advisers per næringshage: leder-01, radgiver-01, …"""
    User = get_user_model()
    manager_hash = make_password(MANAGER_PASSWORD)
    adviser_hash = make_password(ADVISER_PASSWORD)
    groups = {name: Group.objects.get_or_create(name=name)[0] for name in roles.ROLES}
    joined = datetime(FIRST_YEAR, 1, 1, 8, tzinfo=OSLO)
    for garden in gardens:
        number = garden.index + 1
        extra = round(garden.size * run.scale.naeringshager * 2)
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
    run.summary.counts["users"] = sum(len(g.staff) for g in gardens)
