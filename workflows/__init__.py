"""The dondoc domain: plans, duties, tasks, deadlines, reminder policy and the plan importer.

Plain Python. Imports nothing from ``service`` or ``notifications`` and never reads the clock,
the database or the network: time comes in as an argument.
"""
