"""ideas: crowdsourced ideas: votes, comments, status and feedback to voters."""
