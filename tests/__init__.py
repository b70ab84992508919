"""The test suite, as a package: its folders named after the code (tests/replication,
tests/rankings) are imported as tests.replication and tests.rankings, never in place of the
code's own replication and rankings packages."""
