"""The test generator: analysed view data → the generated app's test suite (the gate).

`files` lists the suite; `fields`, `access`, `lifecycles` and `rules` write the
tests of each construct; `factory` the valid rows of every entity. Test data
comes from `sample_values` (values that meet field rules), `field_values` (the
factory's value of each field), `field_bounds` (values on and just outside a
bound), `rule_completions` (what the factory adds to keep simple rules),
`rule_literals` (which rules a row surely breaks) and `conditions` (rows that
make an Access or guard condition true or false). `scenes/` is the rule-test
scene search, `examples/` turns the spec's examples into tests. Imports the IR,
`translate`, `analyse` and `output`; never `appgen`.
"""
