"""Read-side queries over the projections, shared by the JSON API and the web pages.

Plain functions of a connection and an :class:`~workflows.permissions.Actor`; nothing here
knows Flask. Every query returns only what the actor may view.
"""
