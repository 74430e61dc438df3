import io

import pytest


@pytest.fixture
def png_bytes():
    # 1x1 transparent PNG
    return bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c63000100000500010d0a2db40000000049454e44ae426082"
    )


def test_upload_requires_login(client):
    res = client.post("/uploads/", data={"file": (io.BytesIO(b"x"), "a.png")})
    assert res.status_code == 401


def test_upload_and_download(auth_client, png_bytes):
    res = auth_client.post("/uploads/", data={"file": (io.BytesIO(png_bytes), "cat.png")})
    assert res.status_code == 201
    name = res.get_json()["name"]
    assert name.endswith(".png")
    assert auth_client.get(f"/uploads/{name}").data == png_bytes


def test_rejects_other_types(auth_client):
    res = auth_client.post("/uploads/", data={"file": (io.BytesIO(b"MZ"), "setup.exe")})
    assert res.status_code == 415


def test_upload_keeps_name_and_makes_thumbnail(auth_client, png_bytes, monkeypatch):
    calls = []

    def fake_thumbnail(src, thumbs_dir):
        calls.append(src)
        return thumbs_dir / f"{src.stem}.jpg"

    monkeypatch.setattr("app.uploads.make_thumbnail", fake_thumbnail)
    res = auth_client.post("/uploads/", data={"file": (io.BytesIO(png_bytes), "holiday.png")})
    assert res.status_code == 201
    body = res.get_json()
    assert body["name"].endswith("-holiday.png")
    assert body["thumbnail"] == body["name"].replace(".png", ".jpg")
    assert len(calls) == 1
