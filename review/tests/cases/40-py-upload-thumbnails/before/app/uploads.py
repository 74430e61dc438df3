import uuid
from pathlib import Path

from flask import Blueprint, abort, current_app, g, jsonify, request, send_from_directory
from werkzeug.utils import secure_filename

from .auth import login_required
from .db import get_db

bp = Blueprint("uploads", __name__, url_prefix="/uploads")

ALLOWED_EXTENSIONS = {".png", ".jpg", ".jpeg", ".gif", ".webp"}
MAX_BYTES = 10 * 1024 * 1024


def _upload_dir() -> Path:
    path = Path(current_app.config["UPLOAD_DIR"])
    path.mkdir(parents=True, exist_ok=True)
    return path


@bp.post("/")
@login_required
def upload():
    file = request.files.get("file")
    if file is None or not file.filename:
        abort(400, "no file in the request")
    original = secure_filename(file.filename)
    ext = Path(original).suffix.lower()
    if ext not in ALLOWED_EXTENSIONS:
        abort(415, f"unsupported file type {ext or '(none)'}")

    stored_name = f"{uuid.uuid4().hex}{ext}"
    dest = _upload_dir() / stored_name
    file.save(dest)
    if dest.stat().st_size > MAX_BYTES:
        dest.unlink()
        abort(413, "file too large")

    get_db().execute(
        "INSERT INTO uploads (owner_id, stored_name, original_name) VALUES (?, ?, ?)",
        (g.user["id"], stored_name, original),
    )
    get_db().commit()
    return jsonify({"name": stored_name, "original": original}), 201


@bp.get("/<name>")
@login_required
def download(name: str):
    row = get_db().execute(
        "SELECT owner_id FROM uploads WHERE stored_name = ?", (name,)
    ).fetchone()
    if row is None or row["owner_id"] != g.user["id"]:
        abort(404)
    return send_from_directory(_upload_dir(), name)
