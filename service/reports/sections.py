"""The body of the consolidated report: results by duty and agency, the targets table, which
agencies reported on time, late or not at all, difficulties and next steps (prefilled from the
agencies' own reports, for the coordinator to edit)."""
from __future__ import annotations

from workflows.classification import Status
from workflows.targets import format_number

STATUS_TITLES = {
    Status.DONE_ON_TIME: "Báo cáo đúng hạn",
    Status.DONE_LATE: "Báo cáo trễ hạn",
    Status.IN_PROGRESS_ON_TIME: "Chưa báo cáo, còn trong hạn",
    Status.IN_PROGRESS_OVERDUE: "Chưa báo cáo, đã quá hạn",
}
SIGNS = {">=": "≥ ", ">": "> ", "<=": "≤ ", "<": "< ", "=": ""}
TARGET_HEADER = ["TT", "Chỉ tiêu", "Kế hoạch", "Thực hiện", "Tỷ lệ đạt", "Đánh giá"]


def body_sections(doc, content, heading, paragraph, table) -> None:
    heading(doc, "I. KẾT QUẢ THỰC HIỆN")
    if not content.duties:
        paragraph(doc, "Chưa có báo cáo nào của các cơ quan, đơn vị được chấp nhận trong kỳ.", italic=True)
    for i, (duty, texts) in enumerate(content.duties, 1):
        heading(doc, f"{i}. {duty}")
        for t in texts:
            paragraph(doc, t.text or "(không có nội dung)", bold_lead=f"{t.agency}: ")
    heading(doc, "II. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU")
    if content.targets:
        table(doc, TARGET_HEADER, target_rows(content.targets), (1, 6.5, 2.4, 2.4, 1.9, 2.3))
    else:
        paragraph(doc, "Kế hoạch không đặt chỉ tiêu định lượng.", italic=True)
    heading(doc, "III. TÌNH HÌNH BÁO CÁO CỦA CÁC CƠ QUAN, ĐƠN VỊ")
    for status, title in STATUS_TITLES.items():
        names = content.agencies_by_status.get(status) or []
        paragraph(doc, ", ".join(names) if names else "không có", bold_lead=f"- {title} ({len(names)}): ")
    n = iter(("IV", "V", "VI"))
    if content.lower:
        heading(doc, f"{next(n)}. TÌNH HÌNH THỰC HIỆN CỦA CÁC KẾ HOẠCH CẤP DƯỚI")
        table(doc, LOWER_HEADER, lower_rows(content.lower), (1, 3.5, 4.2, 2, 2, 2, 2))
    _prefilled(doc, f"{next(n)}. KHÓ KHĂN, VƯỚNG MẮC", content.difficulties, heading, paragraph)
    _prefilled(doc, f"{next(n)}. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI", content.next_steps, heading, paragraph)


LOWER_HEADER = ["TT", "Kế hoạch", "Cơ quan ban hành", "Hoàn thành đúng hạn", "Hoàn thành quá hạn",
                "Đang thực hiện trong hạn", "Đang thực hiện quá hạn"]


def lower_rows(lower) -> list[list[str]]:
    """Each lower plan (a deeper one indented), its tasks and those below it, by class."""
    return [[str(i), "– " * (p.depth - 1) + (p.number or p.title or p.plan_id), p.issuer or "",
             *(str(p.rolled_up.get(s)) for s in Status)] for i, p in enumerate(lower, 1)]


def _prefilled(doc, title, texts, heading, paragraph) -> None:
    heading(doc, title)
    if not texts:
        paragraph(doc, "(Cơ quan thường trực bổ sung.)", italic=True)
    for t in texts:
        paragraph(doc, t.text, bold_lead=f"{t.agency}: ")


def target_rows(targets) -> list[list[str]]:
    rows = []
    for i, tp in enumerate(targets, 1):
        t, p = tp.target, tp.progress
        unit = "%" if t.percent else f" {t.unit}"
        rows.append([str(i), t.text, f"{SIGNS[t.comparator]}{format_number(t.value)}{unit}".strip(),
                     "" if p.achieved is None else f"{format_number(p.achieved)}{unit}",
                     "" if p.share is None else f"{format_number(p.share * 100)}%", track_word(p.on_track)])
    return rows


def track_word(on_track) -> str:
    return {True: "Đúng tiến độ", False: "Chậm tiến độ", None: "Chưa có số liệu"}[on_track]
