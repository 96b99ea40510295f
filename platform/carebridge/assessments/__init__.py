"""Scored instruments and what they indicate: scores, bands, flags and needs, from answers."""
