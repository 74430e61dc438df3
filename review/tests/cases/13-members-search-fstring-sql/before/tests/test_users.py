import pytest

from app import api, db, users


@pytest.fixture
def conn():
    conn = db.connect()
    users.add_member(conn, "Ada Lovelace", "ada@example.org", "engines")
    users.add_member(conn, "Charles Babbage", "charles@example.org", "engines")
    users.add_member(conn, "Grace Hopper", "grace@example.org", "compilers")
    yield conn
    conn.close()


def test_add_rejects_blank_name(conn):
    with pytest.raises(ValueError):
        users.add_member(conn, "  ", "x@example.org")


def test_members_of_team_sorted_by_name(conn):
    names = [m.name for m in users.members_of_team(conn, "engines")]
    assert names == ["Ada Lovelace", "Charles Babbage"]


def test_handle_get_validates_id(conn):
    assert api.handle_get(conn, {"id": "abc"})[0] == 400
    assert api.handle_get(conn, {"id": "99"})[0] == 404
    status, body = api.handle_get(conn, {"id": "1"})
    assert status == 200 and body["email"] == "ada@example.org"
