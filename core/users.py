"""How a user is named on every page."""


def user_label(user) -> str:
    """The full name, else the username."""
    return user.get_full_name() or user.get_username()
