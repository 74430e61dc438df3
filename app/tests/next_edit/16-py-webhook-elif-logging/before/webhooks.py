import hashlib
import hmac
import json
import logging

logger = logging.getLogger(__name__)


def verify_signature(secret: bytes, body: bytes, signature: str) -> bool:
    expected = hmac.new(secret, body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, signature)


class WebhookHandler:
    def __init__(self, secret: bytes, orders, mailer):
        self.secret = secret
        self.orders = orders
        self.mailer = mailer

    def receive(self, body: bytes, signature: str) -> bool:
        if not verify_signature(self.secret, body, signature):
            logger.warning("rejected webhook with bad signature")
            return False
        self.handle(json.loads(body))
        return True

    def handle(self, event: dict) -> None:
        kind = event["type"]
        data = event["data"]
        if kind == "order.created":
            order = self.orders.create(data["id"], data["items"])
            self.mailer.send_confirmation(order)
        elif kind == "order.paid":
            self.orders.mark_paid(data["id"], data["amount"])
        elif kind == "order.refunded":
            order = self.orders.get(data["id"])
            order.refund(data["amount"])
            self.mailer.send_refund_notice(order)
        elif kind == "order.cancelled":
            self.orders.cancel(data["id"], reason=data.get("reason"))
        else:
            logger.warning("ignoring webhook event %s", kind)
