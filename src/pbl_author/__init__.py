"""pbl-author: design project-based and inquiry units in JupyterLab."""

__version__ = "0.1.0"


def _jupyter_labextension_paths() -> list[dict[str, str]]:
    """Where the prebuilt JupyterLab extension lives (for ``jupyter labextension develop``).

    Installs get it through the wheel's shared data under ``share/jupyter/labextensions``.
    """
    return [{"src": "labextension", "dest": "pbl-author"}]
