"""The report's first page rendered to PNG by LibreOffice (headless) and kept under
tests/artifacts/reports/ so a reviewer can look at it."""
from __future__ import annotations

import os
import shutil
import struct
import subprocess
from pathlib import Path

import pytest

from tests.reports.world import ADMIN, PERIOD, half_year
from workflows.target_commands import DraftReport

SOFFICE = shutil.which("soffice") or "/usr/bin/soffice"
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts" / "reports"

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not os.path.exists(SOFFICE) and not os.environ.get("CI"),
                                 reason="needs Debian's LibreOffice (in CI a missing one fails)")]


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">II", data[16:24])


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_libreoffice_renders_the_first_page(dd, clock, tmp_path):
    world = half_year(dd, clock)
    result = dd.bus.handle(DraftReport(world.plan_id, PERIOD), ADMIN)
    source = tmp_path / "bao-cao.docx"
    source.write_bytes(result.data)
    profile = (tmp_path / "lo-profile").as_uri()
    done = subprocess.run([SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                           "--convert-to", "png", "--outdir", str(tmp_path), str(source)],
                          capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stderr
    png = (tmp_path / "bao-cao.png").read_bytes()
    width, height = png_size(png)
    assert abs(height / width - 297 / 210) < 0.02  # one A4 page, portrait
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"bao-cao-{PERIOD}.png").write_bytes(png)
