"""The admin's user pages: a staff user made on one page with role and næringshage,
and the role and næringshage changed on the user's page."""

from django.contrib.auth.models import User
from django.core import mail

from accounts import roles
from programmes.models import StaffMembership
from programmes.services import staff_membership_set

ADD = "/admin/auth/user/add/"
NB = {"accept-language": "nb"}


def _new_user(**changes) -> dict:
    data = {
        "username": "ny.radgiver",
        "first_name": "Nina",
        "last_name": "Nyvik",
        "email": "nina@example.no",
        "password1": "fjellbekk-lyng-tinn-47",
        "password2": "fjellbekk-lyng-tinn-47",
        "role": roles.ADVISER,
        "naeringshage": "",
    }
    data.update(changes)
    return data


def _role_of(user: User) -> set[str]:
    return set(user.groups.values_list("name", flat=True))


def test_the_add_page_asks_everything_on_one_page(administrator_client, rorosregionen):
    page = administrator_client.get(ADD, headers=NB).content.decode()

    for name in ("username", "first_name", "last_name", "email", "password1", "role"):
        assert f'name="{name}"' in page
    assert 'name="naeringshage"' in page
    assert rorosregionen.name in page


def test_an_adviser_is_made_with_role_and_naeringshage_in_one_post(
    administrator_client, rorosregionen
):
    response = administrator_client.post(ADD, _new_user(naeringshage=rorosregionen.pk))

    assert response.status_code == 302
    user = User.objects.get(username="ny.radgiver")
    assert (user.first_name, user.last_name, user.email) == ("Nina", "Nyvik", "nina@example.no")
    assert user.check_password("fjellbekk-lyng-tinn-47")
    assert _role_of(user) == {roles.ADVISER}
    assert user.staff_membership.naeringshage == rorosregionen
    assert not user.is_staff


def test_an_adviser_without_a_naeringshage_is_refused_in_norwegian_and_nothing_is_made(
    administrator_client, rorosregionen
):
    response = administrator_client.post(ADD, _new_user(), headers=NB)

    assert response.status_code == 200
    assert (
        "En rådgiver eller daglig leder arbeider for en næringshage: velg hvilken."
        in response.content.decode()
    )
    assert not User.objects.filter(username="ny.radgiver").exists()


def test_a_manager_without_a_password_gets_a_link_by_email(
    administrator_client, rorosregionen, django_capture_on_commit_callbacks
):
    data = _new_user(role=roles.MANAGER, naeringshage=rorosregionen.pk, password1="", password2="")

    with django_capture_on_commit_callbacks(execute=True):
        response = administrator_client.post(ADD, data)

    assert response.status_code == 302
    user = User.objects.get(username="ny.radgiver")
    assert not user.has_usable_password()
    assert _role_of(user) == {roles.MANAGER}
    assert [message.to for message in mail.outbox] == [["nina@example.no"]]
    assert "http://testserver/" in mail.outbox[0].body


def test_an_administrator_is_made_with_the_admin_and_needs_a_password(
    administrator_client, rorosregionen
):
    refused = administrator_client.post(
        ADD, _new_user(role=roles.ADMINISTRATOR, password1="", password2=""), headers=NB
    )
    made = administrator_client.post(ADD, _new_user(role=roles.ADMINISTRATOR))

    assert "En administrator får ingen lenke på e-post" in refused.content.decode()
    assert made.status_code == 302
    user = User.objects.get(username="ny.radgiver")
    assert _role_of(user) == {roles.ADMINISTRATOR}
    assert user.is_staff and user.is_superuser
    assert not StaffMembership.objects.filter(user=user).exists()


def test_two_different_passwords_are_refused(administrator_client, rorosregionen):
    response = administrator_client.post(
        ADD, _new_user(naeringshage=rorosregionen.pk, password2="noe-annet-helt-57"), headers=NB
    )

    assert "De to passordene er ikke like." in response.content.decode()
    assert not User.objects.filter(username="ny.radgiver").exists()


def _change_data(user: User, **changes) -> dict:
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        "role": roles.ADVISER,
        "naeringshage": "",
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
    }
    data.update(changes)
    return data


def test_the_user_page_shows_and_changes_role_and_naeringshage(
    administrator_client, adviser, rorosregionen, other_naeringshage
):
    staff_membership_set(user=adviser, naeringshage=rorosregionen)
    other = other_naeringshage
    page = administrator_client.get(f"/admin/auth/user/{adviser.pk}/change/").content.decode()

    response = administrator_client.post(
        f"/admin/auth/user/{adviser.pk}/change/",
        _change_data(adviser, role=roles.MANAGER, naeringshage=other.pk),
    )

    assert f'<option value="{roles.ADVISER}" selected>' in page
    assert f'<option value="{rorosregionen.pk}" selected>' in page
    assert response.status_code == 302, response.content.decode()[:3000]
    assert _role_of(adviser) == {roles.MANAGER}
    adviser.refresh_from_db()
    assert adviser.staff_membership.naeringshage == other


def test_the_user_page_refuses_an_adviser_without_a_naeringshage(
    administrator_client, adviser, rorosregionen
):
    staff_membership_set(user=adviser, naeringshage=rorosregionen)

    response = administrator_client.post(
        f"/admin/auth/user/{adviser.pk}/change/", _change_data(adviser), headers=NB
    )

    assert response.status_code == 200
    assert "velg hvilken" in response.content.decode()
    adviser.refresh_from_db()
    assert adviser.staff_membership.naeringshage == rorosregionen


def test_an_administrator_cannot_take_away_their_own_role(administrator_client, administrator):
    response = administrator_client.post(
        f"/admin/auth/user/{administrator.pk}/change/",
        _change_data(administrator, role=roles.MANAGER),
        headers=NB,
    )

    assert response.status_code == 200
    assert "Du kan ikke ta fra deg din egen administratorrolle." in response.content.decode()
    administrator.refresh_from_db()
    assert administrator.is_superuser
    assert _role_of(administrator) == {roles.ADMINISTRATOR}


def test_a_user_without_a_role_is_saved_without_one(administrator_client, user_without_role):
    response = administrator_client.post(
        f"/admin/auth/user/{user_without_role.pk}/change/",
        _change_data(user_without_role, role="", first_name="Ulrik"),
    )

    assert response.status_code == 302
    user_without_role.refresh_from_db()
    assert user_without_role.first_name == "Ulrik"
    assert _role_of(user_without_role) == set()
    assert not user_without_role.is_staff
