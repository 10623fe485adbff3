"""The rule-test scene search: rows and one write that break a rule, and rows that keep it.

`scene` holds rows in memory and evaluates conditions on them with the Python
expression backend; `values` proposes candidate values, `acts` models the app's
side of each write, `factory` what the generated factory does on its own,
`search` the best-first search, `code` prints a found scene as test code.
"""
