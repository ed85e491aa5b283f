"""cases' read models: the cases themselves (cases.py), their search index (search.py), the
tenant's settings (settings.py), the durable deadlines their SLA events promise
(deadlines.py), and what identity tells of customers (customers.py)."""
