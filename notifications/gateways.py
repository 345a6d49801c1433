"""The SMS gateway named by the settings (DONDOC_SMS_*): the one place that knows every gateway."""

from __future__ import annotations

from typing import Any, Mapping

from notifications.esms import ESMS_URL, EsmsGateway
from notifications.sms import JsonWebhookGateway, SmsGateway


def _flag(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "yes", "on"}
    return bool(value)


def _required(settings: Mapping[str, Any], key: str, provider: str) -> Any:
    value = settings.get(key)
    if value in (None, ""):
        raise ValueError(f"SMS provider {provider!r} needs the setting {key!r}")
    return value


def build_gateway(settings: Mapping[str, Any]) -> SmsGateway:
    """The gateway named by ``settings["provider"]``: "webhook" or "esms".

    webhook: url, token, timeout, unicode. esms: api_key, secret_key, brandname, and
    optionally url, timeout, unicode, sandbox, callback_url, sms_type.
    """
    provider = str(settings.get("provider", "")).strip().lower()
    timeout = float(settings.get("timeout", 10.0))
    unicode = _flag(settings.get("unicode", False))
    if provider == "webhook":
        return JsonWebhookGateway(_required(settings, "url", provider),
                                  settings.get("token"), timeout, unicode)
    if provider == "esms":
        return EsmsGateway(
            api_key=_required(settings, "api_key", provider),
            secret_key=_required(settings, "secret_key", provider),
            brandname=_required(settings, "brandname", provider),
            url=settings.get("url") or ESMS_URL,
            timeout=timeout,
            unicode=unicode,
            sandbox=_flag(settings.get("sandbox", False)),
            callback_url=settings.get("callback_url"),
            sms_type=str(settings.get("sms_type", "2")),
        )
    raise ValueError(f"unknown SMS provider {provider!r}: choose 'webhook' or 'esms'")
