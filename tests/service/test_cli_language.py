"""The command line speaks Vietnamese by default and English on request, from one catalogue:
counts with each language's plural rules, refusals as the pages word them in Vietnamese, the
refusal's detailed reason in English."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from service.cli import main

SEEDS = sorted((Path(__file__).resolve().parents[2] / "service" / "demo" / "plans").glob("*.txt"))
PLAN = SEEDS[0]  # the seed plans the demo imports, kept in the repository


def cli(db_url, *args, lang=None):
    env = {"DONDOC_LANG": lang} if lang else {}
    return CliRunner().invoke(main, ["--database-url", db_url, *args], env=env)


@pytest.fixture
def migrated(db_url):
    assert cli(db_url, "db", "upgrade").exit_code == 0
    return db_url


def test_vietnamese_unless_english_is_asked_for(migrated, monkeypatch):
    monkeypatch.delenv("DONDOC_LANG")
    vi = CliRunner().invoke(main, ["--database-url", migrated, "plan", "import", str(PLAN)])
    assert vi.exit_code == 0, vi.output
    assert "đã lưu thành kế hoạch" in vi.output and "nhiệm vụ" in vi.output
    assert "stored as plan" not in vi.output and "duties" not in vi.output
    en = cli(migrated, "--lang", "en", "plan", "list")
    assert " tasks " in en.output or " task " in en.output


def test_a_refusal_in_vietnamese_and_in_english(migrated):
    vi = cli(migrated, "agency", "retire", "ag-khong-co", "--reason", "x", lang="vi")
    en = cli(migrated, "agency", "retire", "ag-khong-co", "--reason", "x", lang="en")
    assert vi.exit_code == en.exit_code == 1
    assert vi.output.startswith("lỗi: Không tìm thấy cơ quan ag-khong-co"), vi.output
    assert en.output.startswith("error: no agency 'ag-khong-co'"), en.output


def test_a_database_not_migrated_in_both_languages(db_url):
    vi = cli(db_url, "plan", "list", lang="vi")
    en = cli(db_url, "plan", "list", lang="en")
    assert "chưa được tạo bảng" in vi.output and "dondoc db upgrade" in vi.output
    assert "not migrated" in en.output


def test_the_language_is_checked(db_url):
    res = cli(db_url, "--lang", "fr", "plan", "list")
    assert res.exit_code == 2 and "fr" in res.output


def test_several_files_import_with_a_progress_bar_and_a_refused_one_named(migrated, tmp_path):
    bad = tmp_path / "trong.txt"
    bad.write_bytes(b"")
    other = SEEDS[1]
    res = CliRunner().invoke(main, ["--database-url", migrated, "--lang", "vi", "plan", "import",
                                    str(PLAN), str(bad), str(other)])
    assert res.exit_code == 1
    assert "Nhập kế hoạch" in res.stderr and "đã nhập 2/3 tệp" in res.stderr
    assert "trong.txt" in res.stderr and "không có nội dung" in res.stderr
    listing = cli(migrated, "plan", "list", lang="vi")
    assert listing.output.count("bản nháp") == 2  # the two readable plans; nothing of the empty one


def test_the_demo_says_its_phases(db_url):
    res = CliRunner().invoke(main, ["--database-url", db_url, "--lang", "vi", "demo"])
    assert res.exit_code == 0, res.output
    assert "Nhập và kích hoạt kế hoạch mẫu" in res.stderr and "Mô phỏng một năm làm việc" in res.stderr
    assert "demo: đã kích hoạt 5 kế hoạch" in res.stdout
