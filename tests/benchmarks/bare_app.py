"""The framework's own limit: a bare Flask app returning 20 task-like items as JSON, served by
the same gunicorn as dondoc's API in bench_tasklist."""
from datetime import date

from flask import Flask, jsonify

app = Flask(__name__)
ITEMS = [dict(task_id=f"t{i:07d}", plan_id="plan-3", agency_id="ag-007", state="open", duty_text="Nhiệm vụ",
              deadline=date(2024, 7, 1).isoformat(), version=1) for i in range(20)]


@app.get("/tasks")
def tasks():
    return jsonify(items=ITEMS, next_cursor="MjAyNC0wNy0wMXx0MDAwMDAxOQ")
