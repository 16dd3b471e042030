"""One item model per view."""
