"""Clients: the person at the centre of the product, their file, needs and care team."""
