"""Paper Atlas: turns plain-text paper listings into a static MkDocs site."""

__version__ = "0.1.0"
