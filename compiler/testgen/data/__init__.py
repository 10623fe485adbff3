"""Test data: values that keep the spec's field rules and Rules (the factory, sample values,
bounds, rule completions and literals, pattern values, conditions solved for a row)."""
