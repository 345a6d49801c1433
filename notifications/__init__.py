"""Sending messages: Vietnamese templates (rendering), email over SMTP (email), SMS gateways
(sms: the protocol and our webhook; esms: eSMS.vn; gateways: the factory that picks one)
apart from what an SMS becomes before any gateway sends it (sms_text), phone numbers
(phones), GSM-7 and transliteration (gsm, transliterate), retries (retry) and night-time
holds (quiet_hours).

Knows nothing of tasks; imports nothing from workflows or service; does nothing at
import time.
"""
