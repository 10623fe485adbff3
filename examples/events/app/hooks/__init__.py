"""Hand-written extensions of Harbour Talks.

specc created this package once and never overwrites it: put code here that
the spec cannot express, and import it from your own modules.
"""
