"""marshmallow schemas of the JSON API: what it answers (dump) and what it accepts (load).
Bodies and query strings reject unknown fields; the OpenAPI document is generated from these."""
