"""Benefits screening: households, poverty guidelines, agency program rules and the engines."""
