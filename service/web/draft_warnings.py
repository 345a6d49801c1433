"""The draft's warnings (workflows.draft_checks) in the reader's language, recomputed on every
view, so a correction clears its warning at once."""
from __future__ import annotations

from service.web.context import dd, now
from service.web.formatting import vn_date
from service.web.i18n import _
from workflows.draft_checks import activation_deadlines, draft_warnings
from workflows.localtime import local_date
from service.texts import N_

MESSAGES = {
    "no_number": N_("Chưa có số kế hoạch (Số: …): hãy nhập trước khi kích hoạt."),
    "no_issuer": N_("Chưa có cơ quan ban hành: hãy nhập trước khi kích hoạt."),
    "no_title": N_("Chưa có tên kế hoạch."),
    "no_issue_date": N_("Chưa có ngày ban hành."),
    "no_period": N_("Chưa có thời gian thực hiện (từ ngày, đến ngày): hãy nhập trước khi kích hoạt."),
    "no_cadence": N_("Có {n} nhiệm vụ báo cáo nhưng kế hoạch chưa có chế độ báo cáo: hãy chọn kỳ báo "
                  "cáo trước khi kích hoạt."),
    "no_sender": N_("Mục chế độ báo cáo {n} (dòng {line}) chưa ghi cơ quan gửi báo cáo."),
    "no_duty": N_("{agencies} (dòng {line}) được nêu tên nhưng chưa có nhiệm vụ."),
    "no_holder": N_("{agencies} (dòng {line}) không phải là một cơ quan: {n} nhiệm vụ dưới tiêu đề "
                    "này sẽ không giao cho ai. Hãy ghi cơ quan nhận nếu cần theo dõi."),
    "collective_members": N_("{name}: khi kích hoạt, mỗi đơn vị trong {n} đơn vị sẽ nhận một nhiệm vụ "
                             "riêng, để theo dõi đơn vị nào đã hoàn thành."),
    "collective_unknown": N_("{name} (dòng {line}): chưa xác định được các đơn vị thành viên (kế hoạch "
                             "chưa có tỉnh, thành phố sau sắp xếp năm 2025), nên cả tập thể chỉ nhận "
                             "một nhiệm vụ chung."),
    "past_deadlines": N_("{n} nhiệm vụ sẽ có hạn đã qua (sớm nhất {first}): kích hoạt bây giờ thì các "
                      "nhiệm vụ này quá hạn và bị báo cáo vượt cấp ngay. Hãy kiểm tra thời gian "
                      "thực hiện trước khi kích hoạt."),
}


def shown_warnings(draft: dict) -> list[dict]:
    today = local_date(now())
    out = []
    for w in draft_warnings(draft, today, activation_deadlines(dd().calendar)):
        values = {k: vn_date(v) if k == "first" else v for k, v in w.values.items()}
        out.append({"code": w.code, "text": _(MESSAGES[w.code], **values), "blocks": w.blocks})
    return out
