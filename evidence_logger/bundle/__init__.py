"""The evidence bundle: a signed BagIt bag in a zip that a lawyer can verify without trusting us.

See docs/bundle-format.md. ``export`` writes it, ``verify`` checks it without extracting it,
``opening`` turns it back into a read-only case.
"""
