"""policygen: social media protocols and training handouts from a versioned clause library."""

__version__ = "0.1.0"
