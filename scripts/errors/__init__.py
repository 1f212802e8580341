"""The error catalogue: every error and documented warning our pages show, as
recorded by the snippet runner, with a signature to find it by."""
