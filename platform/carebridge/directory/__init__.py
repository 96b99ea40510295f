"""The resource directory inside the app: commands, pages and API over ``resource_directory``."""
