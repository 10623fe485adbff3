"""The spec's `example` blocks as generated tests.

`files` renders `tests/test_examples.py`; `steps` translates each step into
statements, `conditions` each `expect` condition into asserts, `names` holds
what both know of an example (its names, errors, imports), `text` gives the
spec text of steps and conditions for the tests' messages.
"""
