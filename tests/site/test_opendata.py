"""Open data files: each exhibit's record encoded on its own, and kept records reused as they are."""

import csv
import io
import json
import subprocess
import sys
from xml.sax import saxutils

import pytest

from hall.model.exhibit import Hall
from hall.site import opendata
from hall.site.opendata import exhibit_record, exhibits_csv, exhibits_json


def test_the_json_is_the_records_indented_by_one_space(small_hall):
    hall = small_hall.load()
    records = [exhibit_record(e, {}) for e in sorted(hall.exhibits, key=lambda e: (e.kind, e.slug))]
    data = {"site": "馆", "count": len(records), "exhibits": records}
    assert exhibits_json(hall, {}, "馆") == json.dumps(data, ensure_ascii=False, indent=1)
    empty = Hall([])
    assert exhibits_json(empty, {}, "馆") == json.dumps(
        {"site": "馆", "count": 0, "exhibits": []}, ensure_ascii=False, indent=1
    )


def test_kept_records_are_used_as_they_are_and_the_others_kept(small_hall):
    hall = small_hall.load()
    kept_json, kept_csv = {}, {}
    cold = exhibits_json(hall, {}, "馆", kept_json), exhibits_csv(hall, {}, kept_csv)
    assert kept_json.keys() == kept_csv.keys() == {e.slug for e in hall.exhibits}
    assert cold == (exhibits_json(hall, {}, "馆"), exhibits_csv(hall, {}))
    kept_json["chai-jinfu"] = kept_json["chai-jinfu"].replace("柴金甫", "柴金福")
    kept_csv["chai-jinfu"] = kept_csv["chai-jinfu"].replace("柴金甫", "柴金福")
    data = json.loads(exhibits_json(hall, {}, "馆", kept_json))
    assert next(e for e in data["exhibits"] if e["slug"] == "chai-jinfu")["name"] == "柴金福"
    rows = csv.DictReader(io.StringIO(exhibits_csv(hall, {}, kept_csv).lstrip("\ufeff")))
    assert next(r for r in rows if r["slug"] == "chai-jinfu")["name"] == "柴金福"


@pytest.mark.parametrize("text", ["柴金甫 & <b>徒弟</b>", "a \"b\" 'c'", "&amp;"])
def test_the_feed_escapes_as_xml_does(text):
    assert opendata.escape(text) == saxutils.escape(text)


def test_building_imports_no_web_client():
    """xml.sax.saxutils brought in urllib.request, a tenth of a second of every build's start."""
    code = "import sys, hall.cli, hall.engine.build, hall.engine.plugin; print('urllib.request' in sys.modules)"
    assert (
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout
        == "False\n"
    )
