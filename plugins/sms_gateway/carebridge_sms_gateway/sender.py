"""The SMS sender: one ``POST {base}/2010-04-01/Accounts/{sid}/Messages.json`` per message,
form-encoded ``To``, ``From`` (or ``MessagingServiceSid``) and ``Body``, HTTP Basic auth with
the account SID and auth token — Twilio's Messages API, which other gateways copy.

Configuration (the instance's config file, or ``CAREBRIDGE_SMS_…`` environment variables;
nothing is built in): ``SMS_GATEWAY_URL`` (default ``https://api.twilio.com``),
``SMS_ACCOUNT_SID``, ``SMS_AUTH_TOKEN``, ``SMS_FROM`` (a number, or ``SMS_MESSAGING_SERVICE``),
``SMS_COUNTRY_CODE`` for numbers typed without one (default ``1``), ``SMS_TIMEOUT`` (seconds).
"""

from __future__ import annotations

import base64
import json
import logging
import urllib.error
import urllib.parse
import urllib.request

from flask import current_app

from carebridge.plugin_api import SendFailed
from carebridge_sms_gateway.phone_numbers import e164

log = logging.getLogger(__name__)

DEFAULT_URL = "https://api.twilio.com"
#: A text longer than this is cut (Twilio refuses bodies over 1,600 characters).
MAX_BODY = 1600


class SmsGatewayError(SendFailed):
    """The gateway refused the message or could not be reached (the reason, never the text)."""


class SmsGatewayNotConfigured(SmsGatewayError):
    """SMS_ACCOUNT_SID, SMS_AUTH_TOKEN or a sender (SMS_FROM) is missing."""


class SmsGatewaySender:
    """Delivers reminders to the ``sms`` channel; raises when a message does not go out."""

    channel = "sms"

    def send(self, message) -> str:
        """Send ``message.body`` to ``message.to``; returns the gateway's message id."""
        config = current_app.config
        sid = config.get("SMS_ACCOUNT_SID") or ""
        token = config.get("SMS_AUTH_TOKEN") or ""
        sender = config.get("SMS_FROM") or ""
        service = config.get("SMS_MESSAGING_SERVICE") or ""
        if not sid or not token or not (sender or service):
            raise SmsGatewayNotConfigured("set SMS_ACCOUNT_SID, SMS_AUTH_TOKEN and SMS_FROM")
        country = str(config.get("SMS_COUNTRY_CODE") or "1")
        fields = {"To": e164(message.to, country), "Body": message.body[:MAX_BODY]}
        if service:
            fields["MessagingServiceSid"] = service
        else:
            fields["From"] = e164(sender, country)
        base = (config.get("SMS_GATEWAY_URL") or DEFAULT_URL).rstrip("/")
        url = f"{base}/2010-04-01/Accounts/{urllib.parse.quote(sid, safe='')}/Messages.json"
        request = urllib.request.Request(
            url, data=urllib.parse.urlencode(fields).encode(), method="POST", headers={
                "Authorization": "Basic " + base64.b64encode(f"{sid}:{token}".encode()).decode(),
                "Content-Type": "application/x-www-form-urlencoded",
                "Accept": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=float(config.get("SMS_TIMEOUT", 10))
                                        ) as response:
                answer = json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as exc:
            raise SmsGatewayError(f"the gateway answered {exc.code}{_code(exc)}") from None
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise SmsGatewayError(f"the gateway could not be reached ({type(exc).__name__})"
                                  ) from None
        except ValueError:
            raise SmsGatewayError("the gateway's answer was not JSON") from None
        if answer.get("status") in ("failed", "undelivered"):
            raise SmsGatewayError(f"the gateway marked it {answer['status']}"
                                  f" (code {answer.get('error_code')})")
        log.info("sms accepted by the gateway", extra={"gateway_id": answer.get("sid")})
        return answer.get("sid") or ""


def _code(error: urllib.error.HTTPError) -> str:
    """Twilio's error code from a refusal's body (``{"code": 21211, …}``), if it has one."""
    try:
        body = json.loads(error.read() or b"{}")
    except (ValueError, OSError):
        return ""
    return f" (code {body['code']})" if isinstance(body, dict) and body.get("code") else ""
