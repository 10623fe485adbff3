"""Hand-written tests of Harbour Talks: specc created this package once and never overwrites it.

The build gate runs these with the generated tests (the fixtures of `tests/conftest.py`
are available here); a failing one stops the build and is reported against its file.
"""
