"""The error catalogue: every error and documented warning our pages show, as
recorded by the snippet runner, with a signature to find it by.

- rules.json / rules.py: every pattern and threshold, one data file that the
  site publishes for the page script (error-matcher.js) as well;
- signatures.py: the error blocks in a text and their signatures;
- matching.py: scoring a paste against the entries, ranking them and their sections;
- catalogue.py: the build, from the pages (scripts/pages.py) and recordings;
- index.py: the error index (docs/errors/) and its entry shape;
- emitted.py: is every catalogued message still emitted by the installed libraries?"""
