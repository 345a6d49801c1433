"""Sending messages: Vietnamese templates (rendering), email over SMTP (email), SMS over
an HTTP gateway (sms, esms), phone numbers (phones), GSM-7 and transliteration (gsm,
transliterate), retries (retry) and night-time holds (quiet_hours).

Knows nothing of tasks; imports nothing from workflows or service; does nothing at
import time.
"""
