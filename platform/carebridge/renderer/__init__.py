"""The form renderer: definitions become accessible HTML forms, made live by htmx."""
