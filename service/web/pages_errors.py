"""Error pages in the reader's language: not found, forbidden, too large."""
from __future__ import annotations

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError

from service.web.i18n import _


def init_app(app: Flask) -> None:
    def page(code: int, title: str, detail: str):
        return render_template("error.html", code=code, title=title, detail=detail), code

    app.register_error_handler(403, lambda e: page(403, _("Không có quyền"),
                                                    _("Bạn không có quyền xem trang này.")))
    app.register_error_handler(404, lambda e: page(404, _("Không tìm thấy"),
                                                    _("Trang hoặc nhiệm vụ này không tồn tại.")))
    app.register_error_handler(413, lambda e: page(413, _("Tệp quá lớn"), _(
        "Tổng dung lượng gửi lên vượt quá {mb} MB. Hãy gửi tệp nhỏ hơn.",
        mb=app.config["MAX_CONTENT_LENGTH"] // (1024 * 1024))))
    app.register_error_handler(CSRFError, lambda e: page(400, _("Phiên làm việc đã hết hạn"), _(
        "Biểu mẫu đã hết hạn hoặc không hợp lệ. Hãy tải lại trang và thử lại.")))
