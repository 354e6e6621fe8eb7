"""Figuras del libro, con un solo estilo (:mod:`rnnbook.figuras.estilo`)."""

from importlib import import_module

#: Los módulos del subpaquete, en orden de lectura. Añadir uno es añadirlo aquí.
MODULOS = (
    "estilo",
    "avanzadas",
    "benchmark",
    "convolucional",
    "generacion",
    "gradiente",
    "incrustaciones",
    "lstm",
    "multipaso",
    "rnn",
    "sentimiento",
    "seq2seq",
    "series",
    "signo_suma",
    "truncada",
)

__all__: list[str] = []
for _nombre in MODULOS:
    _modulo = import_module(f".{_nombre}", __name__)
    globals().update({n: getattr(_modulo, n) for n in _modulo.__all__})
    __all__ += _modulo.__all__
del _nombre, _modulo
