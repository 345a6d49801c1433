from flask import Blueprint
from flask_login import login_required

bp = Blueprint("admin_agencies", __name__)


@bp.get("/admin_agencies")
@login_required
def index():
    return "todo"
