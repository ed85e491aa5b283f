"""How a service is declared (spec.py) and run (runtime.py)."""
