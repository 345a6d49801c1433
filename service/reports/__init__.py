"""The consolidated review report of a plan for a period (a Word draft for the coordinator)."""
