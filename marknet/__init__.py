"""marknet: an office node for trademark and geographical-indication registers."""

__version__ = "0.1.0"
