import json
from urllib.request import urlopen

from stock import StockItem, available_qty


def fetch_remote(url: str) -> list[dict]:
    with urlopen(url, timeout=20) as resp:
        return json.load(resp)["items"]


def drift(local: list[StockItem], remote_rows: list[dict]) -> dict[str, int]:
    """Differences between our sellable stock and what the warehouse API reports."""
    remote = {row["sku"]: row["available_qty"] for row in remote_rows}
    result = {}
    for item in local:
        delta = available_qty(item) - remote.get(item.sku, 0)
        if delta:
            result[item.sku] = delta
    return result
