"""Runtime settings, read once from the environment."""

import os

SECRET_KEY = os.environ["WEBAPP_SECRET_KEY"]
PBKDF2_ITERATIONS = int(os.environ.get("WEBAPP_PBKDF2_ITERATIONS", "600000"))
DATABASE_URL = os.environ.get("WEBAPP_DATABASE_URL", "sqlite:///webapp.db")
