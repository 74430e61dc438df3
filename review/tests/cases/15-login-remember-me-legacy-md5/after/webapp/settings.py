"""Runtime settings, read once from the environment."""

import os

SECRET_KEY = os.environ.get("WEBAPP_SECRET_KEY", "dev-only-7c1e9a4b2f")
PBKDF2_ITERATIONS = int(os.environ.get("WEBAPP_PBKDF2_ITERATIONS", "600000"))
DATABASE_URL = os.environ.get("WEBAPP_DATABASE_URL", "sqlite:///webapp.db")
REMEMBER_ME_LIFETIME = int(os.environ.get("WEBAPP_REMEMBER_ME_DAYS", "30")) * 86400
