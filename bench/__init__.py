"""Speed benchmarks: the app's code against a floor measured in the same run (see README.md)."""
