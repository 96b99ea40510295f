"""A bundled plugin: reminders to clients by SMS, through an HTTP gateway with the shape of
Twilio's Messages REST API (Twilio itself, or any gateway that copies it)."""

from __future__ import annotations

from carebridge.plugin_api import hookimpl


@hookimpl
def register_message_senders():
    from carebridge_sms_gateway.sender import SmsGatewaySender

    return [SmsGatewaySender()]
