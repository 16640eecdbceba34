"""The login backend: Django's ModelBackend, reading a logged-in user's staff membership
and næringshage in the same query as the user (once per request), so that
`programmes.scoping.staff_naeringshage` costs no query of its own."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class StaffModelBackend(ModelBackend):
    def get_user(self, user_id):
        users = get_user_model()._default_manager.select_related("staff_membership__naeringshage")
        try:
            user = users.get(pk=user_id)
        except get_user_model().DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
