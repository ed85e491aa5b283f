"""ideas' read models: the board the community sees and moderators work on (board.py), and
each customer's inbox with the consent decisions the feedback loop honours (inbox.py)."""
