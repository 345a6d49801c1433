"""Files built to overload the readers are refused early, naming the limit they cross."""
import pytest

from workflows.importing import PlanImportError, import_plan
from workflows.importing import limits
from workflows.importing.readers import read_lines

from . import bombs
from .fixtures import PLAN_LINES, docx_bytes


def refusal(data: bytes, name: str) -> str:
    with pytest.raises(PlanImportError) as err:
        import_plan(data, name)
    assert name in str(err.value)
    return str(err.value)


def test_a_300_mb_text_node_is_refused_before_it_inflates():
    data = bombs.inflating_docx(300)
    assert len(data) < 400_000
    message = refusal(data, "bomb.docx")
    assert "inflated size of the .docx (314,572,8" in message and "exceeds the limit" in message


def test_a_part_past_the_xml_limit_is_refused():
    data = bombs.inflating_docx(limits.MAX_XML_BYTES // 2**20 + 1)
    assert "the part word/document.xml" in refusal(data, "big.docx")


def test_a_10_mb_text_node_is_refused_as_too_long_a_line():
    message = refusal(bombs.text_node(10_000_000), "node.docx")
    assert f"line 1 is longer than {limits.MAX_LINE_CHARACTERS:,} characters" in message


def test_a_text_node_past_lxml_s_own_limit_is_a_refusal_not_a_traceback():
    message = refusal(bombs.text_node(11 * 2**20), "huge.docx")  # lxml stops at 10 MB
    assert "not a readable Word .docx file" in message


def test_a_row_of_20_000_cells_is_refused():
    assert "the number of cells in one table row exceeds the limit of 200" in refusal(
        bombs.wide_table(20_000), "wide.docx")


def test_300_000_paragraphs_are_refused_by_their_element_count():
    assert "exceeds the limit of 1,000,000 XML elements" in refusal(
        bombs.many_paragraphs(300_000), "paras.docx")


def test_50_000_paragraphs_are_refused_as_too_many_blocks():
    assert "paragraphs and table cells exceeds the limit of 40,000" in refusal(
        bombs.many_paragraphs(50_000), "paras.docx")


def test_a_merge_from_nowhere_is_a_refusal_not_a_crash():
    assert "not a readable Word .docx file" in refusal(bombs.merge_without_start(3), "merge.docx")


@pytest.mark.parametrize("text, words", [
    ("a\n" * (limits.MAX_LINES + 1), "the number of lines exceeds"),
    (("x" * 40_000 + "\n") * 80, "the text exceeds the limit of 3,000,000 characters"),
    ("KẾ HOẠCH " + "y" * limits.MAX_LINE_CHARACTERS, "line 1 is longer than"),
])
def test_text_beyond_the_limits_is_refused(text, words):
    assert words in refusal(text.encode(), "big.txt")


def test_many_short_lines_join_in_linear_time():
    """20,000 one-letter lines once took 34 s (each join re-counted the capitals of the whole
    paragraph); now they are read, joined and refused as not a plan."""
    assert "does not look like a plan" in refusal(("a\n" * 20_000).encode(), "lines.txt")


def test_plans_within_the_limits_still_read():
    assert import_plan(docx_bytes(), "plan.docx")["number"] == "12/KH-UBND"
    lines = read_lines("\n".join(PLAN_LINES * 2000).encode(), "long.txt")
    assert len(lines) == len(PLAN_LINES) * 2000


def test_a_pdf_stream_that_inflates_past_the_limit_is_refused():
    data = bombs.pdf_stream(20)
    assert len(data) < 1_000_000
    assert "the PDF asks for too much work" in refusal(data, "bomb.pdf")
