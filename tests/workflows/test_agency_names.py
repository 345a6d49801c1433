"""One tidying of agency names: the importer's names and the registry's are tidied by
workflows.agency_names.tidy_name; the importer only drops what running text leaves behind."""
import pytest

from workflows.agency_names import tidy_name
from workflows.importing.agencies import tidy


@pytest.mark.parametrize("raw, tidied", [
    ("**Sở Lao động-Thương binh và Xã hội**.", "Sở Lao động - Thương binh và Xã hội"),
    ("Sở LĐ-TB&XH", "Sở LĐ-TB&XH"),
    ("Đề nghị Tòa án nhân dân tỉnh", "Tòa án nhân dân tỉnh"),
    ("Giao thông vận tải", "Giao thông vận tải"),
    ("Sở  Y   tế ;", "Sở Y tế"),
    ("\u00d0oàn Thanh niên", "Đoàn Thanh niên"),
])
def test_the_importer_and_the_registry_tidy_alike(raw, tidied):
    assert tidy_name(raw) == tidied
    assert tidy(raw) == tidied


@pytest.mark.parametrize("raw, tidied", [
    ("Sở Y tế và", "Sở Y tế"),
    ("Công an tỉnh (chủ trì", "Công an tỉnh"),
    ("Ủy ban nhân dân các huyện, thành phố (gọi chung là cấp huyện)",
     "Ủy ban nhân dân các huyện, thành phố (gọi chung là cấp huyện)"),
])
def test_the_importer_drops_what_running_text_leaves(raw, tidied):
    assert tidy(raw) == tidied
