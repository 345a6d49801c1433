"""Tìm kiếm: plans, tasks and agencies by the words typed, within what the person may see."""


def test_search_finds_plans_tasks_and_agencies(as_user, dd, world):
    coord = as_user("coord")
    assert "Tìm kiếm" in coord.text("/duyet")
    html = coord.text("/tim-kiem?q=tap huan")  # typed without diacritics
    plans = html.split('id="ket-qua-ke-hoach"')[1].split("</section>")[0]
    assert "Không có kế hoạch nào khớp." in plans
    html = coord.text("/tim-kiem?q=tệ nạn")
    assert "66/KH-UBND" in html.split('id="ket-qua-ke-hoach"')[1].split("</section>")[0]
    tasks = coord.text("/tim-kiem?q=tập huấn").split('id="ket-qua-nhiem-vu"')[1].split("</section>")[0]
    assert world.one_off in tasks
    agencies = coord.text("/tim-kiem?q=cong an").split('id="ket-qua-co-quan"')[1]
    assert "Công an tỉnh" in agencies  # diacritics and case ignored for names


def test_a_focal_point_finds_only_their_agencys_tasks(as_user, world):
    police = as_user("fp_police").text("/tim-kiem?q=tập huấn")
    tasks = police.split('id="ket-qua-nhiem-vu"')[1].split("</section>")[0]
    assert world.one_off not in tasks  # Sở Y tế's task


def test_wildcards_are_text_and_a_short_query_searches_nothing(as_user, world):
    coord = as_user("coord")
    assert world.one_off not in coord.text("/tim-kiem?q=%25%25")
    assert 'id="ket-qua-nhiem-vu"' not in coord.text("/tim-kiem?q=a")
