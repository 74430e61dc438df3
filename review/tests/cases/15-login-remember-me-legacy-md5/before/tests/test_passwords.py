import os

os.environ.setdefault("WEBAPP_SECRET_KEY", "test-secret")

from webapp.passwords import hash_password, verify_password  # noqa: E402


def test_round_trip():
    stored = hash_password("correct horse", iterations=1000)
    assert verify_password("correct horse", stored)
    assert not verify_password("wrong horse", stored)


def test_each_hash_has_its_own_salt():
    assert hash_password("pw", iterations=1000) != hash_password("pw", iterations=1000)


def test_garbage_is_rejected():
    assert not verify_password("pw", "not-a-hash")
    assert not verify_password("pw", "sha1$1$salt$abc")
