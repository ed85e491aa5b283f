"""reputation: e-reputation: mentions, sentiment, influencers and bad-buzz alerts."""
