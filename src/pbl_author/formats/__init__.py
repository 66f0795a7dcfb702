"""File formats: one module per format.

So far: the unit file itself, as YAML (canonical) and JSON. Exports join here
behind one registry.
"""
