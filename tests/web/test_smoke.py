def test_pages_render_for_each_role(as_user, world):
    fp = as_user("fp_health")
    assert "Việc của tôi" in fp.text("/viec-cua-toi")
    assert "Tổ chức tập huấn" in fp.text(f"/nhiem-vu/{world.one_off}")
    coord = as_user("coord")
    assert "Tổng hợp" in coord.text("/tong-hop")
    assert coord.text("/duyet")
