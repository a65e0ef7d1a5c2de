"""innovlib.textfiles: the one reader of UTF-8 text files, and the three callers that name their file."""

from __future__ import annotations

import codecs

import pytest

from innovlib.parameters import ParameterError, read_yaml_file
from innovlib.textfiles import NUL_REASON, TextDecodeError, decode_text


def test_decode_text_drops_a_byte_order_mark_and_keeps_the_rest():
    assert decode_text(codecs.BOM_UTF8 + "城市,year\n深圳,2023\n".encode("utf-8")) == "城市,year\n深圳,2023\n"
    assert decode_text(b"") == ""


def test_a_nul_byte_is_refused_with_its_line_even_in_valid_utf8():
    with pytest.raises(TextDecodeError) as caught:
        decode_text(b"a\nb\nc\x00d\n")
    assert (caught.value.line, caught.value.reason) == (3, NUL_REASON)


def test_a_nul_byte_is_named_before_a_later_encoding_error():
    with pytest.raises(TextDecodeError) as caught:
        decode_text(b"a\x00\n\xff\n")
    assert caught.value.line == 1 and caught.value.reason == NUL_REASON


@pytest.mark.parametrize("raw, line, character", [
    (b"\xe9t\xe9\n", 1, 1),
    (b"ok\nSh\xe9nzhen\n", 2, 3),
    (codecs.BOM_UTF8 + b"ab\ncd\xff", 2, 3),  # the mark does not shift the position
    (codecs.BOM_UTF8 + b"ab\xff", 1, 3),
])
def test_a_byte_that_is_not_utf8_is_named_with_its_line_and_position(raw, line, character):
    with pytest.raises(TextDecodeError) as caught:
        decode_text(raw)
    assert caught.value.line == line
    assert f"at character {character} " in caught.value.reason
    assert str(caught.value).startswith(f"line {line}: not UTF-8 text: byte 0x")


def test_the_three_readers_name_their_file_and_the_line(tmp_path, data_root):
    from conftest import GOOD_CSV, write_dataset
    from innovlib.analyses.unicorns import CompanyListError, load_company_list
    from innovlib.data import DataValidationError, load

    write_dataset(data_root, GOOD_CSV.replace("Shenzhen", "Shen\x00zhen"))
    with pytest.raises(DataValidationError, match=r"demo\.csv, row 3: contains a NUL byte"):
        load("demo")

    companies = tmp_path / "companies.csv"
    companies.write_bytes(b"Company\n\xff\n")
    with pytest.raises(CompanyListError, match=r"companies\.csv, row 2: not UTF-8 text: byte 0xff at character 1"):
        load_company_list(companies)

    grid = tmp_path / "grid.yaml"
    grid.write_bytes(b"a: 1\nb: \x00\n")
    with pytest.raises(ParameterError, match=r"grid\.yaml, line 2: contains a NUL byte"):
        read_yaml_file(grid, "grid file")
