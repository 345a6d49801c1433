"""``N_(text)`` marks a Vietnamese text for the message catalogue (service.translations) where
it is written, in a table looked up by code; the page translates it when it shows it."""


def N_(text: str) -> str:  # noqa: N802 (gettext's name for it)
    return text
