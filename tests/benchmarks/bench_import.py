"""Plan import figures: the five seed plans, and a synthetic 200-page plan (about 9,000 lines:
a real header and many numbered sections of agencies and duties built from the seeds' wording)."""
from __future__ import annotations

import os
import time
import tracemalloc
from importlib import resources

from workflows.importing import import_plan

AGENCIES = ["Sở Y tế", "Công an tỉnh", "Sở Giáo dục và Đào tạo", "Sở Tài chính", "Sở Nội vụ",
            "Sở Văn hóa, Thể thao và Du lịch", "Bộ Chỉ huy Quân sự tỉnh", "Đài Phát thanh và Truyền hình tỉnh"]


def seeds() -> list[tuple[str, bytes]]:
    folder = resources.files("service.demo").joinpath("plans")
    return [(p.name, p.read_bytes()) for p in sorted(folder.iterdir(), key=lambda p: p.name)
            if p.name.endswith(".txt")]


def synthetic_plan(pages: int = 200) -> bytes:
    lines = ["UỶ BAN NHÂN DÂN TỈNH KIÊN GIANG", "Số: 99/KH-UBND",
             "Kiên Giang, ngày 25 tháng 3 năm 2022", "KẾ HOẠCH",
             "Phòng, chống tệ nạn xã hội năm 2022 trên địa bàn tỉnh Kiên Giang",
             "I. MỤC ĐÍCH, YÊU CẦU", "1. Mục đích", "- Nâng cao nhận thức của cán bộ và nhân dân.",
             "II. CHỈ TIÊU", "- Phấn đấu 100% xã, phường có mô hình phòng chống tệ nạn xã hội.",
             "III. TỔ CHỨC THỰC HIỆN"]
    n = 0
    while len(lines) < pages * 45:
        n += 1
        agency = AGENCIES[n % len(AGENCIES)]
        lines.append(f"{n}. {agency} (đơn vị {n})")
        for k in range(8):
            lines.append(f"- Chủ trì, phối hợp với Sở Tài chính triển khai nhiệm vụ {n}.{k} về phòng, "
                         "chống tệ nạn xã hội trên địa bàn; định kỳ 6 tháng, năm báo cáo kết quả "
                         "về Sở Lao động - Thương binh và Xã hội.")
    return "\n\n".join(lines).encode()


def timed(name: str, data: bytes) -> tuple[float, dict]:
    took, _, draft = timed_cpu(name, data)
    return took, draft


def timed_cpu(name: str, data: bytes) -> tuple[float, float, dict]:
    """Wall and process CPU seconds: on a loaded machine the wall time is mostly waiting."""
    t0, cpu0 = time.perf_counter(), time.process_time()
    draft = import_plan(data, name)
    return time.perf_counter() - t0, time.process_time() - cpu0, draft


def main():
    total = 0.0
    for name, data in seeds():
        took, draft = timed(name, data)
        total += took
        print(f"seed {name}: {took * 1000:.0f} ms, {len(draft['assignments'])} assignments")
    print(f"five seed plans: {total * 1000:.0f} ms in all")
    data = synthetic_plan()
    took, cpu, draft = timed_cpu("synthetic.txt", data)
    tracemalloc.start()  # a second run, traced: tracing slows it down
    timed("synthetic.txt", data)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    duties = sum(len(a["duties"]) for a in draft["assignments"])
    n_lines = data.count(b"\n") // 2 + 1
    print(f"synthetic 200-page plan ({n_lines:,} lines, {len(data) / 1e6:.1f} MB): "
          f"{took:.2f} s (process CPU {cpu:.2f} s), {len(draft['assignments'])} assignments, {duties} duties, "
          f"peak memory {peak / 1e6:.0f} MB (traced; load {os.getloadavg()[0]:.1f})")
    from tests.benchmarks import bench_activation

    bench_activation.main()
