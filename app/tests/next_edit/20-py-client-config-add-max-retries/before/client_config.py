from __future__ import annotations


class ClientConfig:
    def __init__(
        self,
        base_url: str,
        timeout: float = 10.0,
        verify_tls: bool = True,
    ):
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.verify_tls = verify_tls

    def __repr__(self) -> str:
        return (
            f"ClientConfig(base_url={self.base_url!r}, timeout={self.timeout!r}, "
            f"verify_tls={self.verify_tls!r})"
        )

    def _key(self) -> tuple:
        return (self.base_url, self.timeout, self.verify_tls)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ClientConfig):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def to_dict(self) -> dict:
        return {
            "base_url": self.base_url,
            "timeout": self.timeout,
            "verify_tls": self.verify_tls,
        }

    @classmethod
    def from_dict(cls, data: dict) -> ClientConfig:
        return cls(
            base_url=data["base_url"],
            timeout=data.get("timeout", 10.0),
            verify_tls=data.get("verify_tls", True),
        )
