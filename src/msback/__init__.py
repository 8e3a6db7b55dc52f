"""msback: a terminal self-care guide for people with MS who have back pain."""

__version__ = "0.1.0"
