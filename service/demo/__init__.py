"""Demo data: the five seed plans imported and activated, people for each role, and a year of
simulated work (done on time, done late, in progress, overdue) so a new user sees a living
system at once."""
