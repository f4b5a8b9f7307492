"""briefgen: a static site generator for briefings on world events."""

__version__ = "0.1.0"
