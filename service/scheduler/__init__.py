"""The scheduler: a read model of what each task waits for next, the sweep that acts on what is
due (reminders, overdue marks, escalations), one leader among scheduler processes, and the
APScheduler process that runs the sweep every minute and the digests every morning."""
