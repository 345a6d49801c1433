def test_pages_render_for_each_role(as_user, world):
    fp = as_user("fp_health")
    assert "Việc của tôi" in fp.text("/viec-cua-toi")
    assert "Tổ chức tập huấn" in fp.text(f"/nhiem-vu/{world.one_off}")
    coord = as_user("coord")
    assert "Tổng hợp" in coord.text("/tong-hop")
    assert coord.text("/duyet")


def test_admin_and_plan_pages_render(as_user, world):
    admin = as_user("admin")
    assert "Sở Y tế" in admin.text("/quan-tri/co-quan")
    assert "fp_health" in admin.text("/quan-tri/nguoi-dung")
    assert "fp_health" in admin.text(f"/quan-tri/nguoi-dung/{world.people['fp_health']}")
    assert admin.text("/quan-tri/nguoi-dung/moi")
    assert "66/KH-UBND" in admin.text("/ke-hoach")
    assert "Tổ chức tập huấn" in admin.text("/ke-hoach/p1")
