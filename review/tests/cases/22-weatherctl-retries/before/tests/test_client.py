import pytest
import responses

from weatherctl.client import ApiError, Client, make_session

BASE = "https://api.test/v2"


@responses.activate
def test_forecast_parses_body():
    responses.get(f"{BASE}/forecast", json={"city": "Lisbon", "temp_c": 21.4, "summary": "sunny"})
    forecast = Client(make_session("k"), base_url=BASE).forecast("Lisbon")
    assert forecast.temperature_c == 21.4
    assert responses.calls[0].request.headers["Authorization"] == "Bearer k"


@responses.activate
def test_error_body_becomes_api_error():
    responses.get(f"{BASE}/forecast", status=404, json={"error": "unknown city"})
    with pytest.raises(ApiError, match="unknown city"):
        Client(make_session("k"), base_url=BASE).forecast("Atlantis")
