from flask import Blueprint
from flask_login import login_required

bp = Blueprint("plans_import", __name__)


@bp.get("/plans_import")
@login_required
def index():
    return "todo"
