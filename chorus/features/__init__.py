"""Capabilities several services share, written once: each is a `Feature` a service's
composition root lists (see chorus/service/spec.py)."""
