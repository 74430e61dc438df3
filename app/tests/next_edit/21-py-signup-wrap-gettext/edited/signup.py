import logging
from gettext import gettext as _

logger = logging.getLogger(__name__)


def welcome_message(username: str) -> str:
    return _("Welcome, %(name)s!") % {"name": username}


def validate_signup(form: dict) -> dict[str, str]:
    errors: dict[str, str] = {}
    username = form.get("username", "").strip()
    email = form.get("email", "").strip()
    password = form.get("password", "")

    if not username:
        errors["username"] = _("Please choose a username.")
    elif len(username) < 3:
        errors["username"] = "Usernames need at least 3 characters."

    if "@" not in email:
        errors["email"] = "That doesn't look like an email address."

    if len(password) < 10:
        errors["password"] = "Passwords need at least 10 characters."

    if errors:
        logger.info("signup rejected for %r: %s", username, sorted(errors))
    return errors
