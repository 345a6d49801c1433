"""The outbox: messages queued with their cause, sent by dispatchers, digested for focal points."""
