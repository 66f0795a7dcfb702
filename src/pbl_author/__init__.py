"""pbl-author: design project-based and inquiry units in JupyterLab."""

__version__ = "0.1.0"
