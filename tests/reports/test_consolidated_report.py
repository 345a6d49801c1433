"""The consolidated report of a seed plan after a simulated half-year, read back from the .docx
(on SQLite and PostgreSQL): Decree 30 layout, results by duty and agency, the targets table,
the agencies that reported on time, late or not at all, difficulties and next steps."""
from __future__ import annotations

import io

import docx
from click.testing import CliRunner
from sqlalchemy import func, select

from service.cli import main
from service.eventlog.tables import events
from service.projections.rebuild import rebuild
from service.projections.registry import all_projections
from service.queries.targets import figure_history
from tests.reports.world import PERIOD, half_year
from workflows.target_commands import DraftReport
from tests.reports.world import ADMIN


def texts(document) -> list[str]:
    out = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            out += [c.text for c in row.cells]
    return out


def section(document, title: str, next_title: str) -> str:
    paragraphs = [p.text for p in document.paragraphs]
    start = paragraphs.index(title)
    end = paragraphs.index(next_title)
    return "\n".join(paragraphs[start + 1:end])


def test_the_cli_writes_the_report_and_it_reads_back(dd, clock, db_url, engine, tmp_path):
    world = half_year(dd, clock)
    out = tmp_path / "bao-cao.docx"
    res = CliRunner().invoke(main, ["--database-url", db_url, "report", "draft", world.plan_id,
                                    "--period", PERIOD, "-o", str(out)])
    assert res.exit_code == 0, (res.output, __import__("traceback").format_exception(*res.exc_info))
    doc = docx.Document(str(out))
    all_text = "\n".join(texts(doc))
    # Decree 30: motto, issuing body, number, place and date, title; fonts and margins
    header = doc.tables[0].rows[0].cells
    assert header[1].paragraphs[0].text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert header[1].paragraphs[1].text == "Độc lập - Tự do - Hạnh phúc"
    assert header[1].paragraphs[2].text.startswith("Kiên Giang, ngày ")
    assert header[0].paragraphs[0].text == "ỦY BAN NHÂN DÂN TỈNH KIÊN GIANG"
    assert header[0].paragraphs[1].text == "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI"
    assert header[0].paragraphs[2].text.startswith("Số:")
    assert "BÁO CÁO" in [p.text for p in doc.paragraphs]
    title = next(p.text for p in doc.paragraphs if p.text.startswith("Kết quả thực hiện Kế hoạch số"))
    assert "66/KH-UBND ngày 25/03/2022" in title and title.endswith("6 tháng đầu năm 2022")
    s = doc.sections[0]
    assert [round(m.mm) for m in (s.left_margin, s.right_margin, s.top_margin, s.bottom_margin)] == [30, 15, 20, 20]
    assert round(s.page_width.mm) == 210
    assert doc.styles["Normal"].font.name == "Times New Roman"
    # results by agency, from the accepted submissions only
    results = section(doc, "I. KẾT QUẢ THỰC HIỆN", "II. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU")
    assert f"{world.on_time}: Đã tổ chức 12 lớp tuyên truyền." in results
    assert f"{world.late}: Đã tiếp nhận 120 người nghiện." in results
    assert "Thiếu cán bộ y tế" not in results  # it went to the difficulties
    # the targets table: 300 + 120 (corrected from 1.000) against 550 by 14/6 is on track
    table = doc.tables[1]
    assert [c.text for c in table.rows[0].cells] == ["TT", "Chỉ tiêu", "Kế hoạch", "Thực hiện",
                                                     "Tỷ lệ đạt", "Đánh giá"]
    row = [c.text for c in table.rows[1].cells]
    assert row[2:] == ["≥ 550 người", "420 người", "76,4%", "Đúng tiến độ"]
    row = [c.text for c in table.rows[2].cells]  # 90 of 200 when 45.2% of the year has gone
    assert row[2:] == ["≥ 200 người", "90 người", "45%", "Chậm tiến độ"]
    # who reported on time, late, not at all
    reporting = section(doc, "III. TÌNH HÌNH BÁO CÁO CỦA CÁC CƠ QUAN, ĐƠN VỊ", "IV. KHÓ KHĂN, VƯỚNG MẮC")
    lines = dict(line.split(": ", 1) for line in reporting.splitlines())
    assert lines["- Báo cáo đúng hạn (1)"] == world.on_time
    assert lines["- Báo cáo trễ hạn (1)"] == world.late
    overdue = next(v for k, v in lines.items() if k.startswith("- Chưa báo cáo, đã quá hạn"))
    assert world.missing and all(name in overdue for name in world.missing)
    difficulties = section(doc, "IV. KHÓ KHĂN, VƯỚNG MẮC", "V. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI")
    assert difficulties == f"{world.late}: Thiếu cán bộ y tế tại cơ sở cai nghiện."
    assert f"{world.on_time}: Tiếp tục rà soát người nghiện tại cộng đồng." in all_text
    # generating it is an event: who, which submissions
    with engine.connect() as conn:
        drafted = conn.execute(select(events.c.data, events.c.meta)
                               .where(events.c.type == "ReportDrafted")).one()
    assert drafted.meta["actor"].startswith("cli:") and drafted.data["period_key"] == PERIOD
    assert len(drafted.data["task_ids"]) >= 2


def test_figures_and_their_corrections_are_history_and_rebuild_the_same(dd, clock, engine):
    world = half_year(dd, clock)
    with engine.connect() as conn:
        before = figure_history(conn, world.plan_id)
    first = [(r["value"], r["source"], r["actor"]) for r in before if r["target_id"] == "t0"]
    assert [v for v, _, _ in first] == ["300", "1000", "120"]
    assert first[-1][1:] == ("correction", "quantri")
    rebuild(engine, all_projections())
    with engine.connect() as conn:
        assert figure_history(conn, world.plan_id) == before


def test_a_report_for_a_period_without_tasks_is_refused_and_the_log_unchanged(dd, clock, engine,
                                                                                db_url, tmp_path):
    world = half_year(dd, clock)
    with engine.connect() as conn:
        n = conn.execute(select(func.count()).select_from(events)).scalar()
    res = CliRunner().invoke(main, ["--database-url", db_url, "report", "draft", world.plan_id,
                                    "--period", "2022-H2", "-o", str(tmp_path / "x.docx")])
    assert res.exit_code != 0 and "'2022-H2' is not a period" in res.output
    res = CliRunner().invoke(main, ["--database-url", db_url, "report", "draft", world.plan_id,
                                    "--period", "2023-H1", "-o", str(tmp_path / "x.docx")])
    assert res.exit_code != 0 and "no task for period 2023-H1" in res.output
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(events)).scalar() == n
    assert not (tmp_path / "x.docx").exists()


def test_the_report_handler_returns_the_same_document_it_records(dd, clock):
    world = half_year(dd, clock)
    result = dd.bus.handle(DraftReport(world.plan_id, PERIOD), ADMIN)
    doc = docx.Document(io.BytesIO(result.data))
    assert result.filename.endswith(f"{PERIOD}.docx") and len(doc.tables) >= 3


def test_a_multi_year_plan_gets_its_reviews_as_tasks_of_the_recipient(dd, clock, engine):
    from service.projections.tasks import tasks
    from tests.reports.world import SEED, at
    from workflows import commands as c
    from workflows.plan_events import Correction

    clock.set(at(2021, 2, 1))
    text = SEED.read_text(encoding="utf-8") + "\nNăm 2023 tổ chức sơ kết giữa kỳ.\nNăm 2025 tổng kết Kế hoạch.\n"
    plan_id = dd.bus.handle(c.ImportPlan("multi.txt", text.encode()), ADMIN).plan_id
    dd.bus.handle(c.CorrectDraft(plan_id, (Correction("set", "period", {"start": "2021-01-01",
                                                                       "end": "2025-12-31"}),)), ADMIN)
    dd.bus.handle(c.ActivatePlan(plan_id), ADMIN)
    with engine.connect() as conn:
        rows = conn.execute(select(tasks.c.duty_text, tasks.c.deadline, tasks.c.agency_id)
                            .where(tasks.c.plan_id == plan_id, tasks.c.duty_id.like("%:review:%"))
                            .order_by(tasks.c.deadline)).all()
    assert [(r.duty_text, r.deadline.isoformat()) for r in rows] == [
        ("Sơ kết giữa kỳ thực hiện Kế hoạch số 66/KH-UBND", "2024-01-02"),
        ("Tổng kết thực hiện Kế hoạch số 66/KH-UBND", "2025-12-31")]
