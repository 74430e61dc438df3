from __future__ import annotations

from datetime import datetime, timezone


class Account:
    def __init__(
        self,
        username: str,
        email: str,
        phone: str | None = None,
        created_at: datetime | None = None,
    ):
        self.username = username
        self.email = email
        self._phone = phone
        self.created_at = created_at or datetime.now(timezone.utc)

    @property
    def phone(self) -> str | None:
        return self._phone

    @phone.setter
    def phone(self, value: str | None) -> None:
        if value is not None and not value.startswith("+"):
            raise ValueError("phone numbers must be in E.164 format")
        self._phone = value

    def display_name(self) -> str:
        return f"{self.username} <{self.email}>"

    def to_dict(self) -> dict:
        return {
            "username": self.username,
            "email": self.email,
            "phone": self._phone,
            "created_at": self.created_at.isoformat(),
        }

    @classmethod
    def from_dict(cls, data: dict) -> Account:
        return cls(
            username=data["username"],
            email=data["email"],
            phone=data.get("phone"),
            created_at=datetime.fromisoformat(data["created_at"]),
        )

    def __repr__(self) -> str:
        return f"Account(username={self.username!r}, email={self.email!r}, phone={self._phone!r})"
