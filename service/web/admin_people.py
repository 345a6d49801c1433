from flask import Blueprint
from flask_login import login_required

bp = Blueprint("admin_people", __name__)


@bp.get("/admin_people")
@login_required
def index():
    return "todo"
