"""Property: any valid unit survives the YAML and the JSON unit file exactly.

CI runs 500 examples; set PBL_HYPOTHESIS_EXAMPLES for a longer run.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings

from pbl_author.formats import unit_json, unit_yaml
from pbl_author.model import parse_unit

from .strategies import valid_units

EXAMPLES = int(os.environ.get("PBL_HYPOTHESIS_EXAMPLES", "500"))


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(valid_units)
def test_yaml_and_json_round_trips_are_exact(unit):
    yaml_text = unit_yaml.dumps(unit)
    from_yaml = parse_unit(unit_yaml.loads(yaml_text))
    assert from_yaml == unit
    assert unit_yaml.dumps(from_yaml) == yaml_text  # same unit, same bytes

    json_text = unit_json.dumps(unit)
    from_json = parse_unit(unit_json.loads(json_text))
    assert from_json == unit
    assert unit_json.dumps(from_json) == json_text

    # The two files hold the same data.
    assert unit_yaml.loads(yaml_text) == unit_json.loads(json_text)
