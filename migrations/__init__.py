"""Alembic revisions for dondoc's database. The events table is only ever added to."""
