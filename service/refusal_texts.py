"""What a person reads when the domain refuses: one Vietnamese sentence per refusal code, filled
with the refusal's values (never its English reason, which stays for logs, the API's ``detail``
and the command line). Each text is a message id of the catalogue (service.translations), so
the pages show it in the reader's language. service.errors picks the text by code;
tests/service/test_refusal_texts.py checks every code the code base raises has one here."""
from __future__ import annotations

from service.texts import N_

# A task command refused (workflows.tasks.TransitionRefused), by code.
TRANSITIONS = {
    "wrong_state": N_("Không thể làm việc này ở trạng thái hiện tại của nhiệm vụ."),
    "task_closed": N_("Nhiệm vụ đã hoàn thành hoặc đã hủy."),
    "closed": N_("Nhiệm vụ đã hoàn thành hoặc đã hủy."),
    "not_created": N_("Không có nhiệm vụ này."),
    "empty_result": N_("Hãy nhập nội dung kết quả, số liệu hoặc đính kèm tệp."),
    "text_required": N_("Hãy nhập nội dung."),
    "reason_required": N_("Hãy nêu lý do."),
    "not_done_by_that_plan": N_("Nhiệm vụ này không được hoàn thành nhờ kế hoạch đó, nên không mở lại."),
    "deadline_required": N_("Hãy chọn hạn mới đề nghị."),
    "stale_deadline": N_("Hạn mới phải sau hạn hiện tại."),
    "deadline_not_later": N_("Hạn mới phải sau hạn hiện tại."),
    "deadline_passed": N_("Hạn mới đã qua."),
    "extension_pending": N_("Đang có một đề nghị gia hạn chờ xử lý."),
    "no_pending_extension": N_("Không có đề nghị gia hạn nào chờ xử lý."),
    "already_handled": N_("Việc này đã được xử lý."),
    "same_agency": N_("Cơ quan mới trùng với cơ quan hiện tại."),
    "agency_required": N_("Hãy chọn cơ quan nhận nhiệm vụ."),
    "missing_field": N_("Thiếu thông tin bắt buộc."),
    "no_such_submission": N_("Không có kết quả đã gửi này."),
    "already_shared": N_("Đơn vị đang thực hiện đã xem được kết quả này."),
    "figure_value_required": N_("Hãy nhập số liệu, hoặc số lượng và tổng số."),
    "figure_parts": N_("Số liệu tỷ lệ cần cả số lượng và tổng số, tổng số lớn hơn 0."),
    "figure_share_mismatch": N_("Tỷ lệ đã nhập không khớp với số lượng và tổng số."),
}
TRANSITION_UNKNOWN = N_("Không thực hiện được việc này với nhiệm vụ.")

# A command on a plan refused (workflows.plans.PlanRefused), by code.
PLAN_REFUSALS = {
    "no_period": N_("Kế hoạch chưa kích hoạt được: chưa có thời gian thực hiện (từ ngày, đến "
                    "ngày). Hãy nhập trước khi kích hoạt."),
    "bad_period": N_("Kế hoạch chưa kích hoạt được: ngày kết thúc ({end}) trước ngày bắt đầu "
                     "({start})."),
    "no_cadence": N_("Kế hoạch chưa kích hoạt được: nhiệm vụ báo cáo ở dòng {line} nhưng kế hoạch "
                     "chưa có chế độ báo cáo. Hãy chọn kỳ báo cáo."),
    "no_sender": N_("Kế hoạch chưa kích hoạt được: mục chế độ báo cáo {n} (dòng {line}) chưa ghi "
                    "cơ quan gửi báo cáo."),
    "bad_cadence": N_("Kế hoạch chưa kích hoạt được: mục chế độ báo cáo {n} có kỳ báo cáo không "
                      "hợp lệ («{value}»)."),
    "no_duties": N_("Kế hoạch chưa kích hoạt được: bản nháp chưa giao nhiệm vụ cho cơ quan nào."),
    "bad_comparator": N_("Chỉ tiêu {n}: phép so sánh «{value}» không hợp lệ."),
    "bad_combine": N_("Chỉ tiêu {n}: cách cộng số liệu «{value}» không hợp lệ."),
    "target_without_agency": N_("Chỉ tiêu {n}: chưa có cơ quan nào chịu trách nhiệm báo cáo."),
    "bad_target_value": N_("Chỉ tiêu {n}: giá trị «{value}» không phải là số."),
    "not_created": N_("Không có kế hoạch này."),
    "unknown_plan": N_("Không có kế hoạch này."),
    "bad_report_period": N_("«{value}» không phải là một kỳ báo cáo (ví dụ 2026-H1, 2026-Q2, 2026-Y)."),
    "no_tasks": N_("Kế hoạch không có nhiệm vụ nào trong kỳ {period}."),
    "not_a_draft": N_("Kế hoạch {status}: chỉ sửa hoặc kích hoạt được bản nháp."),
    "empty": N_("Chưa có nội dung sửa nào."),
    "bad_correction": N_("Chưa sửa được bản nháp: mục sửa thứ {n} ({path}) không hợp lệ."),
    "bad_date": N_("Chưa sửa được bản nháp: ngày ở mục sửa thứ {n} ({path}) không hợp lệ, hãy "
                   "nhập theo dạng dd/mm/yyyy."),
    "bad_retention": N_("Thời hạn lưu trữ «{value}» không hợp lệ: nhập số ngày từ 0 đến 36.500, hoặc "
                        "để trống."),
    "bad_settings": N_("Thiết lập nhắc việc của kế hoạch không hợp lệ."),
    "no_targets": N_("Kế hoạch chưa có chỉ tiêu được theo dõi (kế hoạch đã kích hoạt chưa?)."),
    "unknown_target": N_("Kế hoạch không có chỉ tiêu này."),
    "not_answering": N_("Cơ quan này không chịu trách nhiệm báo cáo chỉ tiêu này."),
    "bad_quorum": N_("Số đơn vị cần hoàn thành phải là một số từ 1 đến số đơn vị được giao."),
    "not_collective": N_("Nhiệm vụ này không giao cho nhiều đơn vị."),
}
PLAN_UNKNOWN = N_("Không thực hiện được việc này với kế hoạch.")
PLAN_STATUSES = {"draft": N_("đang là bản nháp"), "active": N_("đã kích hoạt"),
                 "closed": N_("đã kết thúc"), "new": N_("chưa được nhập")}

# A value refused (workflows.errors.InvalidValue and its kinds), by code; ``field`` is the
# field's name (FIELDS).
INVALID = {
    "invalid": N_("{field} không hợp lệ."),
    "required": N_("Hãy nhập {field}."),
    "bad_choice": N_("{field}: «{value}» không phải là một lựa chọn."),
    "taken": N_("{field} «{value}» đã có người dùng."),
    "bad_email": N_("Email «{value}» không hợp lệ."),
    "bad_phone": N_("Số điện thoại «{value}» không hợp lệ: hãy nhập số di động Việt Nam, ví dụ "
                    "0912 345 678."),
    "bad_time": N_("{field}: «{value}» không phải là giờ (HH:MM)."),
    "bad_digest_time": N_("Giờ nhận thư tổng hợp «{value}» phải đúng giờ hoặc rưỡi, từ {first} "
                          "đến {last}."),
    "bad_setting": N_("Thiết lập {field} không hợp lệ."),
    "agency_required": N_("Đầu mối phải thuộc một cơ quan: hãy chọn cơ quan."),
    "not_a_coordinator": N_("{name} không phải cơ quan thường trực hoặc lãnh đạo: chỉ họ theo dõi "
                            "được kế hoạch."),
    "empty_name": N_("Hãy nhập tên mới của cơ quan."),
    "same_name": N_("Cơ quan đã có tên «{name}»."),
    "merge_into_itself": N_("Không thể sáp nhập một cơ quan vào chính nó: hãy chọn cơ quan tiếp nhận "
                            "khác."),
    "merge_reason": N_("Hãy nêu lý do sáp nhập (văn bản quyết định, ngày ban hành)."),
    "retire_reason": N_("Hãy nêu lý do giải thể cơ quan."),
    "unfinished_tasks": N_("Cơ quan «{name}» còn {n} nhiệm vụ chưa hoàn thành: hãy sáp nhập vào cơ "
                           "quan kế nhiệm hoặc chuyển các nhiệm vụ trước khi giải thể."),
    "agency_merged": N_("Cơ quan «{name}» đã được sáp nhập vào cơ quan khác."),
    "agency_retired": N_("Cơ quan «{name}» đã giải thể."),
    "link_to_itself": N_("Một kế hoạch không thể thực hiện chính nó."),
    "already_linked": N_("Kế hoạch đã được liên kết với kế hoạch cấp trên này."),
    "link_circle": N_("Kế hoạch cấp trên này lại đang thực hiện kế hoạch này: liên kết ngược sẽ tạo "
                      "thành vòng."),
    "unlink_reason": N_("Hãy nêu lý do bỏ liên kết."),
}

# Field names in the messages about them.
FIELDS = {"username": N_("Tên đăng nhập"), "name": N_("Họ tên"), "role": N_("Vai trò"),
          "agency_id": N_("Cơ quan"), "into_agency_id": N_("Cơ quan kế thừa"), "email": N_("Email"),
          "phone": N_("Số điện thoại"), "channels": N_("Kênh nhận tin"), "level": N_("Cấp"),
          "alias": N_("Tên gọi khác"), "reason": N_("Lý do"), "coordinator": N_("Người theo dõi"),
          "digest_at": N_("Giờ nhận thư tổng hợp"), "muted": N_("Loại tin không nhận"),
          "messages": N_("Tin bắt buộc"), "messages.required": N_("Tin bắt buộc"),
          "higher_plan_id": N_("Kế hoạch cấp trên")}

WHAT = {"agency": N_("cơ quan"), "person": N_("người dùng"), "task": N_("nhiệm vụ"),
        "plan": N_("kế hoạch")}

# A document the importer cannot read (workflows.importing.PlanImportError), by code.
IMPORT_REFUSALS = {
    "empty_file": N_("Tệp {file} không có nội dung."),
    "old_word": N_("Tệp {file} là Word cũ (.doc): hãy lưu lại thành .docx rồi nhập."),
    "not_text": N_("Tệp {file} không phải văn bản: chỉ nhận văn bản thường, Markdown, .docx và .pdf."),
    "pdf_too_much": N_("Tệp PDF {file} quá phức tạp để đọc an toàn."),
    "pdf_unreadable": N_("Không đọc được tệp PDF {file}."),
    "pdf_scanned": N_("Tệp PDF {file} là bản quét, không có lớp chữ: hãy nhận dạng chữ (OCR) hoặc "
                      "nhập tệp Word gốc."),
    "docx_unreadable": N_("Không đọc được tệp Word {file}."),
    "too_large": N_("Tệp {file} quá lớn so với một kế hoạch (tệp hỏng hoặc cố ý gây quá tải?)."),
    "line_too_long": N_("Tệp {file}: dòng {line} dài hơn {limit} ký tự."),
    "not_a_plan": N_("Tệp {file} không giống một kế hoạch: không có tiêu đề «KẾ HOẠCH», số ký hiệu "
                     "KH hay nhắc đến kế hoạch ở phần đầu."),
    "no_assignment_section": N_("Tệp {file}: không thấy phần phân công (như «Tổ chức thực hiện», "
                                "«Phân công nhiệm vụ»), nên không biết giao việc cho cơ quan nào."),
    "no_agency": N_("Tệp {file}: phần phân công (dòng {line}) chưa nêu cơ quan nào có nhiệm vụ."),
    "unreadable": N_("Không đọc được kế hoạch trong tệp {file}."),
}

# A file refused at entry (service.upload_checks.UploadRefused), by code.
UPLOADS = {
    "file_kind": N_("Tệp {name}: loại tệp không được nhận. Chỉ nhận: {kinds}."),
    "file_too_large": N_("Tệp {name} lớn hơn {mb} MB."),
    "file_empty": N_("Tệp {name} rỗng."),
    "file_mismatch": N_("Tệp {name}: nội dung không khớp với đuôi .{ext}."),
    "too_many_files": N_("Tối đa {n} tệp cho một lần gửi."),
}
