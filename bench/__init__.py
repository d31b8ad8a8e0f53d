"""`make bench`: Helix at province scale, served as in production, measured from outside.

Not an app: settings that add a trivial DRF endpoint (the yardstick of every ratio) and a
query-count header, the wrk script, and the runner that ties seed, server and load together.
"""
