"""Competency frameworks: built-in ones shipped as data, reading framework files,
and embedding competencies into units."""

from .builtin import builtin_frameworks, get_builtin
from .embed import embed_competency
from .files import FRAMEWORK_SUFFIXES, is_framework_file, load_framework

__all__ = [
    "FRAMEWORK_SUFFIXES",
    "builtin_frameworks",
    "embed_competency",
    "get_builtin",
    "is_framework_file",
    "load_framework",
]
