"""Open data files: each exhibit's record encoded on its own, and kept records reused as they are."""

import csv
import io
import json

from hall.model.exhibit import Hall
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
