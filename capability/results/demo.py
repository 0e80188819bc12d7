"""Demo results (`manage.py load_demo`): runs after the register's demo, whose people and
workshops it builds on. The content is in `indicators/demo.py`."""

from .indicators.demo import load_demo

__all__ = ["load_demo"]
