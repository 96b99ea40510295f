"""Referrals: matching needs to services, consent, and referrals followed to an outcome."""
